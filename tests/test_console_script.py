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
