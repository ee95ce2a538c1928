"""The rules on the code's shape that no linter knows: checked by reading the source."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _mypy_files() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return set(config["tool"]["mypy"]["files"])


def test_mypy_checks_every_apps_door():
    checked = _mypy_files()
    doors = {str(p.relative_to(ROOT)) for p in (ROOT / "alongside").glob("*/access.py")}
    missing = {
        door for door in doors if door not in checked and str(Path(door).parent) not in checked
    }
    assert not missing, f"add to [tool.mypy] files in pyproject.toml: {sorted(missing)}"


# A template asks the view what to offer (`can_write`, `mine`, `menu`...), never who the
# user is: the rule for who may do what lives once, in Python, beside the view that enforces it.
ROLE_CHECK = re.compile(
    r"\buser\.(role\b|is_client\b|is_therapist\b|is_supervisor\b|is_privacy_officer\b)"
)


def test_no_template_decides_by_the_users_role():
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()[:80]}"
        for path in sorted((ROOT / "alongside").glob("**/templates/**/*.html"))
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if ROLE_CHECK.search(line)
    ]
    assert not found, "pass a flag from the view instead:\n" + "\n".join(found)
