"""The real `alongside check-language` command, run in a subprocess."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .test_properties import ANY_TEXT, PREFERENCES

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def run(tmp_path_factory):
    cache = tmp_path_factory.getbasetemp() / "cli-cache"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ALONGSIDE_CACHE_DIR": str(cache)}

    def run(*args, stdin=b""):
        cmd = [sys.executable, "-m", "alongside.cli", "check-language", *map(str, args)]
        result = subprocess.run(cmd, input=stdin, capture_output=True, env=env, cwd=ROOT)
        return result.returncode, result.stdout.decode(), result.stderr.decode()

    return run


@pytest.fixture
def note(tmp_path):
    def note(text, name="note.txt"):
        path = tmp_path / name
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        return path

    return note


def test_a_clean_note_exits_zero_and_prints_nothing(run, note):
    assert run(note("She declined the referral for now.\n")) == (0, "", "")


def test_a_warning_exits_one_and_prints_like_a_compiler(run, note):
    path = note("First line.\nClient claims her pain is 10/10.\n")
    code, out, err = run(path)
    assert code == 1 and err == ""
    first, second = out.splitlines()[:2]
    assert first.startswith(f"{path}:2:8: warning: 'claims': ")
    assert first.endswith("[credibility.claims]")
    assert second.startswith("    try: reports")


def test_info_and_suggestions_alone_exit_zero(run, note):
    code, out, _ = run(note("She was pleasant and cooperative.\n"))
    assert code == 0 and "info" in out


def test_json_output_lists_findings_per_file(run, note):
    code, out, _ = run("--format", "json", note("Client claims pain.\n"), note("Fine.\n", "b.txt"))
    data = json.loads(out)
    assert code == 1
    assert [len(entry["findings"]) for entry in data] == [1, 0]
    finding = data[0]["findings"][0]
    assert finding["rule"] == "credibility.claims" and finding["line"] == 1


def test_it_reads_stdin(run):
    code, out, _ = run("-", stdin=b"She refused.\n")
    assert code == 1 and out.startswith("<stdin>:1:5:")


def test_a_missing_file_is_a_one_line_error(run, tmp_path):
    code, out, err = run(tmp_path / "nope.txt")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "nope.txt" in err and "Traceback" not in err


def test_undecodable_bytes_are_a_one_line_error(run, note):
    code, _, err = run(note(b"caf\xe9 \xff\n"))
    assert code == 2 and err.count("\n") == 1 and "UTF-8" in err


def test_a_broken_rule_file_is_a_one_line_error(run, note, tmp_path):
    rules = tmp_path / "rules" / "practice"
    rules.mkdir(parents=True)
    (rules / "bad.yaml").write_text("- id: [oops\n")
    code, _, err = run("--rules", tmp_path / "rules", note("Fine.\n"))
    assert code == 2 and err.count("\n") == 1 and "bad.yaml" in err


def test_a_broken_preferences_file_is_a_one_line_error(run, note, tmp_path):
    prefs = tmp_path / "prefs.yaml"
    prefs.write_text("identity_first: maybe\n")
    code, _, err = run("--preferences", prefs, note("Fine.\n"))
    assert code == 2 and err.count("\n") == 1 and "prefs.yaml" in err


def test_preferences_and_accept_lists_apply(run, note, tmp_path):
    prefs = tmp_path / "prefs.yaml"
    prefs.write_text("own_terms: [addict]\n")
    accept = tmp_path / "accept.yaml"
    accept.write_text("- judgement.hostile\n")
    path = note("He is an addict. Hostile on arrival.\n")
    assert run("--preferences", prefs, "--accept", accept, path) == (0, "", "")


def test_a_practice_rule_folder_adds_rules(run, note, tmp_path):
    rules = tmp_path / "rules" / "practice"
    rules.mkdir(parents=True)
    (rules / "r.yaml").write_text(
        "- id: practice.pathway\n  severity: warning\n  patterns: [care pathway]\n"
        "  message: Name the service.\n  source: https://example.org\n"
        "  tests: {flag: [x], no-flag: [y]}\n"
    )
    code, out, _ = run("--rules", tmp_path / "rules", note("On the care pathway.\n"))
    assert code == 1 and "[practice.pathway]" in out


def test_bad_arguments_are_a_one_line_error(run):
    code, _, err = run("--format", "xml", "x.txt")
    assert code == 2 and err.count("\n") == 1


def _plain_json(results) -> list:
    """The JSON output the plain way: every finding's dict, encoded whole."""
    from alongside.language.cli import _positions

    return [
        {
            "file": name,
            "findings": [
                {**f.to_dict(), "line": line, "column": col}
                for f, (line, col) in zip(found, _positions(text, found), strict=True)
            ],
        }
        for name, text, found in results
    ]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=8), ANY_TEXT), max_size=3), PREFERENCES)
def test_json_output_is_exactly_the_findings_as_plain_dicts(files, preferences):
    from alongside.language import check
    from alongside.language.cli import _json

    results = [(name, text, check(text, preferences)) for name, text in files]
    out = _json(results)
    assert out.endswith("\n")
    assert json.loads(out) == _plain_json(results)


@pytest.mark.parametrize("batch", [1, 2, 5, 1000])
def test_output_written_a_batch_of_findings_at_a_time_is_the_output_of_them_all(
    checker, tmp_path, monkeypatch, capsys, batch
):
    """One process renders and writes a long file's findings in batches; the text and
    the JSON are exactly those rendered from all the findings at once, whatever the batch."""
    from alongside.language import cli

    texts = {
        "a.txt": "Known addict.\nHostile on arrival; claims pain 9/10.\n\nShe is non-compliant.",
        "b.txt": "We walked.",
        "c.txt": "Frequent flyer, drug-seeking.\nA junkie, per staff. Refused bloods.\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "_BATCH", batch)
    monkeypatch.setenv("ALONGSIDE_CHECK_WORKERS", "1")
    results = [(name, text, checker.check(text)) for name, text in texts.items()]
    assert cli.main(list(texts)) == 1
    assert capsys.readouterr().out == cli._text(results)
    assert cli.main(["--format", "json", *texts]) == 1
    assert capsys.readouterr().out == cli._json(results)


def test_a_long_file_checked_on_two_cpus_prints_exactly_what_one_process_prints(
    tmp_path_factory, note
):
    """Over 120,000 characters in paragraphs, the file is split between forked workers,
    whose output reaches stdout as the bytes they wrote; the text and the JSON are the
    same as one process's, byte for byte, and so is the exit status."""
    from alongside.language import parallel

    sentences = [
        "Known addict, hostile on arrival.",
        'She said, "I feel like an addict some days."',
        "We practised paced breathing.",
        "Client claims her pain is 9/10 and refused bloods.",
        "The landlord refused to fix the boiler.",
    ]
    paragraphs = [" ".join(sentences[k % 5 :] + sentences[: k % 5]) for k in range(1200)]
    long = note("\n\n".join(paragraphs) + "\n", "long.txt")
    assert long.stat().st_size >= parallel.MIN_CHARS
    cache = tmp_path_factory.getbasetemp() / "cli-cache"
    outputs = {}
    for workers in ("1", "2"):
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "ALONGSIDE_CACHE_DIR": str(cache),
            "ALONGSIDE_CHECK_WORKERS": workers,
            "PYTHONIOENCODING": "utf-8",
        }
        for fmt in ("text", "json"):
            cmd = [sys.executable, "-m", "alongside.cli", "check-language", "--format", fmt]
            result = subprocess.run([*cmd, long, long], capture_output=True, env=env, cwd=ROOT)
            outputs[workers, fmt] = (result.returncode, result.stdout)
    assert outputs["1", "text"] == outputs["2", "text"]
    assert outputs["1", "json"] == outputs["2", "json"]
    assert outputs["1", "text"][0] == 1
    assert json.loads(outputs["2", "json"][1])[1]["findings"][-1]["text"] == "refused bloods"
