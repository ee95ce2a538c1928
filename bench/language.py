"""Benchmark the language checker against alex.

    python bench/language.py

Builds a 100,000-word corpus of clinical-style notes (deterministic, from templates),
times `alongside check-language` on it as a whole process, installs alex into a
temporary directory with npm and times it on the same file, then times checking one
2,000-word note in-process. alex is never a project dependency; if npm or node is
missing the alex comparison is skipped with a message.
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


def _timed(cmd, env=None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and exit code of one run of cmd."""
    cpu, start = _cpu_children(), time.perf_counter()
    result = subprocess.run(cmd, env=env, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start, _cpu_children() - cpu, result.returncode


def _median_of(cmd, runs: int, env=None) -> tuple[float, float]:
    timings = [_timed(cmd, env) for _ in range(runs)]
    return statistics.median(t[0] for t in timings), statistics.median(t[1] for t in timings)


def time_alongside(path: Path, cache_dir: Path) -> tuple[float, float, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ALONGSIDE_CACHE_DIR": str(cache_dir)}
    cmd = [sys.executable, "-m", "alongside.cli", "check-language", str(path)]
    cold, _, code = _timed(cmd, env)  # compiles the rules and fills the cache
    if code not in (0, 1):
        sys.exit(f"alongside check-language failed with exit code {code}")
    wall, cpu = _median_of(cmd, 5, env)
    return cold, wall, cpu


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


def time_alex(alex: Path, path: Path) -> tuple[float, float]:
    return _median_of([str(alex), str(path)], 3)  # alex exits 1 when it finds something


def time_in_process() -> tuple[float, float]:
    """Median wall and CPU seconds to check one 2,000-word note, rules already loaded."""
    sys.path.insert(0, str(ROOT))
    from alongside.language import check

    note = corpus(NOTE_WORDS, seed=1)
    check(note)  # load rules once
    walls, cpus = [], []
    for _ in range(21):
        wall, cpu = time.perf_counter(), time.process_time()
        check(note)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="alongside-bench-") as tmp:
        tmp = Path(tmp)
        text = corpus(CORPUS_WORDS)
        words = len(text.split())
        path = tmp / "notes.txt"
        path.write_text(text, encoding="utf-8")
        print(f"corpus: {words:,} words in {path.name}")

        cold, wall, cpu = time_alongside(path, tmp / "cache")
        print(
            f"alongside check-language: {wall:.2f} s wall ({words / wall:,.0f} words/s), "
            f"{cpu:.2f} s CPU ({words / cpu:,.0f} words/s); {cold:.2f} s with a cold rule cache"
        )

        alex = install_alex(tmp / "alex")
        if alex:
            alex_wall, alex_cpu = time_alex(alex, path)
            print(
                f"alex: {alex_wall:.2f} s wall ({words / alex_wall:,.0f} words/s), "
                f"{alex_cpu:.2f} s CPU ({words / alex_cpu:,.0f} words/s)"
            )
            print(
                f"ratio: alongside has {alex_wall / wall:.1f}x alex's throughput by wall time, "
                f"{alex_cpu / cpu:.1f}x by CPU time (target >= 10x)"
            )

    wall, cpu = time_in_process()
    print(
        f"in-process: {wall * 1000:.1f} ms wall, {cpu * 1000:.1f} ms CPU per "
        f"{NOTE_WORDS:,}-word note, median of 21 (target < 20 ms)"
    )
    print(f"machine load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
