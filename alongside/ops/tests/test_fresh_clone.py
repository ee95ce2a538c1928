"""A fresh clone: `manage.py migrate` works before anything else has been run."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_migrate_on_a_fresh_clone_makes_the_var_folder_owner_only(tmp_path):
    var = tmp_path / "var"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ALONGSIDE_", "DATABASE_URL", "DJANGO_"))
    }
    env |= {"ALONGSIDE_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "alongside.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (var / "alongside.sqlite3").exists()
    assert var.stat().st_mode & 0o777 == 0o700
