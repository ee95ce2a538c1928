"""The rules on the code's shape that no linter knows: checked by reading the source."""

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
