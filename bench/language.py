"""Benchmark the language checker against alex.

    python bench/language.py

Builds a 100,000-word corpus of clinical-style notes (deterministic, from templates; two
sentences in five carry problems) and prints the issue-16 speed figures, each against a
baseline measured in the same run, commands run in turn so the machine's load falls on
both alike:

- `alongside check-language` on the corpus as a whole process, text and JSON output;
- alex (installed into a temporary directory with npm) on the same file, same way;
- one 500-word note through the CLI, against the bare interpreter's start-up;
- one 2,000-word note in-process, against a fixed reference loop.

alex is never a project dependency; if npm or node is missing that comparison is
skipped with a message. Missed targets are listed at the end (the exit status stays 0:
timings on a shared machine are evidence, not a gate).
"""

import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS_WORDS = 100_000
NOTE_WORDS = 2_000
SHORT_WORDS = 500

FLAGGED = [
    "Client claims her {symptom} is {n}/10 but was laughing in reception.",
    "{Pt} is non-compliant with {med} and refused bloods again.",
    "Known {label}, poor historian, hostile on arrival.",
    "She has been clean for {n} months and attends meetings.",
    "History of substance abuse; dirty urine on {day}.",
    "{Pt} failed two trials of {med} and is resistant to therapy.",
    "Frequent flyer at A&E, drug-seeking and manipulative with staff.",
    "Her brother committed suicide in {year}.",
    "Elderly woman, morbidly obese, lives alone in a bad neighbourhood.",
    "No-show again; chaotic lifestyle and bad choices.",
    "She suffers from {condition} and lacks insight.",
    'Her "{symptom}" is worse at night, she reports.',
]
CLEAN = [
    "{Pt} reports {symptom} of {n}/10, worse in the mornings.",
    "She declined {med} for now because of side effects; we will review in {n} weeks.",
    "The landlord refused to fix the boiler, so the flat has been cold since {day}.",
    "Bipolar disorder, type II, stable on lithium; sleep has improved.",
    'She said, "I feel like an addict some days," and then talked about her son.',
    "He was not hostile at any point and thanked the receptionist.",
    "Did not attend on {day}; the bus was cancelled and she had no childcare.",
    "We practised paced breathing and agreed a safety plan together.",
    "Nicotine replacement therapy started; she keeps her flat clean and tidy.",
    "The insurer claims the sessions were not authorised; we are appealing.",
    "{Pt} lives with {condition} and uses a wheelchair to get to the shops.",
    "Her daughter visited at the weekend and they went to the park.",
    "We reviewed the PHQ-9 together; the score has dropped from {n} to {m}.",
    "She is worried about the tribunal and the cost of the train fare.",
]
FILL = {
    "symptom": ["pain", "anxiety", "back pain", "low mood", "tiredness"],
    "Pt": ["Pt", "Client", "She", "He", "They"],
    "med": ["sertraline", "lithium", "insulin", "her meds", "olanzapine"],
    "label": ["addict", "alcoholic", "junkie", "schizophrenic"],
    "day": ["Monday", "Tuesday", "Friday", "the weekend"],
    "condition": ["depression", "PTSD", "diabetes", "MS", "chronic pain"],
}


def _sentence(rng: random.Random) -> str:
    template = rng.choice(FLAGGED if rng.random() < 0.4 else CLEAN)
    values = {k: rng.choice(v) for k, v in FILL.items()}
    values.update(n=rng.randint(2, 10), m=rng.randint(2, 10), year=rng.randint(1990, 2023))
    return template.format(**values)


def corpus(words: int, seed: int = 0) -> str:
    """Deterministic note-like text of about `words` words, in paragraphs."""
    rng = random.Random(seed)
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(3, 7)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(paragraphs) + "\n"


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(cmd, env=None, stdin=None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and exit code of one run of cmd."""
    cpu, start = _cpu_children(), time.perf_counter()
    result = subprocess.run(cmd, env=env, capture_output=True, cwd=ROOT, input=stdin)
    return time.perf_counter() - start, _cpu_children() - cpu, result.returncode


def _alongside_env(tmp: Path) -> dict:
    """The CLI as an installed copy runs: rule cache and bytecode cache both warm.

    A pip install compiles .pyc files; this machine sets PYTHONDONTWRITEBYTECODE, which
    would make every run compile the checker's modules from source, so the bytecode goes
    to a private folder instead (PYTHONPYCACHEPREFIX) and nothing is written in the repo.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ALONGSIDE_CACHE_DIR": str(tmp / "cache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    return env


def _cli(*args) -> list[str]:
    return [sys.executable, "-m", "alongside.cli", "check-language", *map(str, args)]


def _ratios(first, second, rounds: int) -> tuple[list, list]:
    """Run two commands in turn, `rounds` times, so load on the machine hits both alike."""
    a, b = [], []
    for _ in range(rounds):
        a.append(first())
        b.append(second())
    return a, b


def _med(timings, k: int) -> float:
    return statistics.median(t[k] for t in timings)


def install_alex(tmp: Path) -> Path | None:
    npm = shutil.which("npm")
    if not npm or not shutil.which("node"):
        print("alex: skipped (npm or node not found)")
        return None
    print("alex: installing with npm into a temporary directory ...", flush=True)
    try:
        result = subprocess.run(
            [npm, "install", "--prefix", str(tmp), "--no-audit", "--no-fund", "alex"],
            capture_output=True,
            timeout=600,
        )
    except subprocess.TimeoutExpired:
        print("alex: skipped (npm install timed out)")
        return None
    alex = tmp / "node_modules" / ".bin" / "alex"
    if result.returncode != 0 or not alex.exists():
        reason = result.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["?"]
        print(f"alex: skipped (npm install failed: {reason[0]})")
        return None
    return alex


def _reference_loop() -> float:
    """CPU seconds for a fixed piece of pure Python: how fast this machine is right now."""
    started = time.process_time()
    total = 0
    for n in range(300_000):
        total += n % 7
    return time.process_time() - started


def time_in_process() -> tuple[float, float, float]:
    """Median wall and CPU seconds to check one 2,000-word note, rules already loaded,
    and the median CPU seconds of the reference loop measured between the checks."""
    sys.path.insert(0, str(ROOT))
    from alongside.language import check

    note = corpus(NOTE_WORDS, seed=1)
    check(note)  # load rules once
    walls, cpus, refs = [], [], []
    for _ in range(41):
        wall, cpu = time.perf_counter(), time.process_time()
        check(note)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        refs.append(_reference_loop())
    return statistics.median(walls), statistics.median(cpus), statistics.median(refs)


def main() -> int:
    failed = []
    with tempfile.TemporaryDirectory(prefix="alongside-bench-") as tmp:
        tmp = Path(tmp)
        env = _alongside_env(tmp)
        text = corpus(CORPUS_WORDS)
        words = len(text.split())
        path = tmp / "notes.txt"
        path.write_text(text, encoding="utf-8")
        print(f"corpus: {words:,} words in {path.name}")

        cold, _, code = _timed(_cli(path), env)  # compiles the rules and fills both caches
        if code not in (0, 1):
            sys.exit(f"alongside check-language failed with exit code {code}")
        print(f"alongside check-language: {cold:.2f} s with cold rule and bytecode caches")

        # Text against JSON output, whole process, in turn.
        text_runs, json_runs = _ratios(
            lambda: _timed(_cli(path), env), lambda: _timed(_cli("--format", "json", path), env), 7
        )
        wall, cpu = _med(text_runs, 0), _med(text_runs, 1)
        print(
            f"alongside check-language: {wall:.3f} s wall ({words / wall:,.0f} words/s), "
            f"{cpu:.3f} s CPU ({words / cpu:,.0f} words/s), median of 7"
        )
        json_ratio = statistics.median(
            j[1] / t[1] for t, j in zip(text_runs, json_runs, strict=True)
        )
        print(
            f"json output: {_med(json_runs, 0):.3f} s wall, {_med(json_runs, 1):.3f} s CPU; "
            f"JSON/text CPU {json_ratio:.2f} (median of 7 paired runs; target <= 1.00, "
            f"i.e. no slower)"
        )
        if json_ratio > 1.05:
            failed.append("json")

        alex = install_alex(tmp / "alex")
        if alex:
            ours, theirs = _ratios(
                lambda: _timed(_cli(path), env), lambda: _timed([str(alex), str(path)]), 5
            )
            by_wall = statistics.median(b[0] / a[0] for a, b in zip(ours, theirs, strict=True))
            by_cpu = statistics.median(b[1] / a[1] for a, b in zip(ours, theirs, strict=True))
            print(
                f"alex: {_med(theirs, 0):.2f} s wall ({words / _med(theirs, 0):,.0f} words/s), "
                f"{_med(theirs, 1):.2f} s CPU; alongside in the same rounds "
                f"{_med(ours, 0):.3f} s wall, {_med(ours, 1):.3f} s CPU"
            )
            print(
                f"ratio: alongside has {by_wall:.1f}x alex's throughput by wall time, "
                f"{by_cpu:.1f}x by CPU time (median of 5 paired runs; target >= 20x)"
            )
            if min(by_wall, by_cpu) < 20:
                failed.append("alex ratio")

        # One 500-word note, whole process, against the bare interpreter's start-up.
        short = tmp / "note-500.txt"
        short.write_text(corpus(SHORT_WORDS, seed=2), encoding="utf-8")
        bare = [sys.executable, "-c", "pass"]
        notes, starts = _ratios(lambda: _timed(_cli(short), env), lambda: _timed(bare, env), 21)
        note_wall, bare_wall = _med(notes, 0), _med(starts, 0)
        print(
            f"one {len(short.read_text().split())}-word note through the CLI: "
            f"{note_wall * 1000:.0f} ms wall, {_med(notes, 1) * 1000:.0f} ms CPU "
            f"(median of 21; target < 100 ms); bare `python -c pass` in the same rounds "
            f"{bare_wall * 1000:.0f} ms, so {note_wall / bare_wall:.1f}x the interpreter's "
            "own start-up"
        )
        if note_wall >= 0.100:
            failed.append("500-word note")

    wall, cpu, ref = time_in_process()
    print(
        f"in-process: {wall * 1000:.2f} ms wall, {cpu * 1000:.2f} ms CPU per "
        f"{NOTE_WORDS:,}-word note, median of 41 (target < 5 ms); a fixed reference loop "
        f"took {ref * 1000:.2f} ms CPU in between, so one note costs {cpu / ref:.2f} loops"
    )
    if cpu >= 0.005:
        failed.append("in-process")
    print(f"machine load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if failed:
        print(f"targets missed: {', '.join(failed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
