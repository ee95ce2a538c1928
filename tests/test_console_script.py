"""The `alongside` console script: check-language in-process or as the program itself.

Here, not in alongside/language/tests: alongside.cli hands other words to Django, and the
language checker's own tests import nothing of Django (an import-linter contract).
"""

from alongside.cli import main


def test_the_command_run_in_process_returns_its_status_and_leaves_the_process(tmp_path, capsys):
    """Only the program itself (main() with no argv) ends the process when done; with
    argv given, as code running the command in-process does, the status comes back."""
    flagged, clean = tmp_path / "note.txt", tmp_path / "clean.txt"
    flagged.write_text("Known addict.")
    clean.write_text("We walked.")
    assert main(["check-language", str(flagged)]) == 1
    assert "addict" in capsys.readouterr().out
    assert main(["check-language", str(clean)]) == 0


def test_a_reader_that_stops_early_ends_the_check_quietly(tmp_path):
    """`alongside check-language note.txt | head` : once head has its lines and closes
    the pipe, the check stops without a traceback."""
    import subprocess
    import sys

    note = tmp_path / "long.txt"
    note.write_text("The client is a known addict and was non-compliant.\n" * 20_000)
    run = subprocess.Popen(
        [sys.executable, "-m", "alongside.cli", "check-language", str(note)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert run.stdout is not None and run.stderr is not None
    assert b"addict" in run.stdout.readline()
    run.stdout.close()
    error = run.stderr.read().decode()
    assert run.wait(timeout=60) == 1
    assert "Traceback" not in error and "BrokenPipe" not in error, error
