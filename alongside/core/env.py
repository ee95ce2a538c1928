"""Tiny typed readers for settings that fail loudly (after healthchecks' hc/settings.py).

Every reader also accepts NAME_FILE, the path of a file holding the value, so secrets
can come from a container secret or a key file instead of the process environment.
"""

import os
from pathlib import Path

_MISSING = object()


def envsecret(name: str, default=_MISSING) -> str:
    if name in os.environ:
        return os.environ[name]
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    if default is _MISSING:
        raise RuntimeError(f"The setting {name} (or {name}_FILE) must be set.")
    return default


def envbool(name: str, default: bool) -> bool:
    value = envsecret(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise RuntimeError(f"{name} must be true or false, not {value!r}.")


def envint(name: str, default: int) -> int:
    value = envsecret(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise RuntimeError(f"{name} must be a whole number, not {value!r}.") from None


def envlist(name: str, default: list[str]) -> list[str]:
    value = envsecret(name, "").strip()
    return [item.strip() for item in value.split(",") if item.strip()] if value else default
