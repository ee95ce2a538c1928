"""Helpers for the translation checks: run makemessages into a copy of the tree (so the real
catalogs are untouched) and read a .po file's entries, translated or not."""

import ast
import os
import re
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent / "alongside"
APPS = sorted(path.parent.name for path in ROOT.glob("*/apps.py"))
SHIPPED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def regenerate(dest: Path) -> Path:
    """makemessages (Python, templates and JavaScript) for every shipped language over a copy
    of alongside/ in `dest`. Every app gets a locale folder, so a new app's strings land in
    its own catalog. Returns the copy's root."""
    copy = dest / "alongside"
    shutil.copytree(
        ROOT, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.pyc", "node_modules")
    )
    for app in APPS:
        (copy / app / "locale").mkdir(exist_ok=True)
    (copy / "locale").mkdir(exist_ok=True)
    cwd = Path.cwd()
    try:
        os.chdir(copy)
        with override_settings(LOCALE_PATHS=[copy / "locale"]):
            for domain in ("django", "djangojs"):
                call_command(
                    "makemessages",
                    locale=SHIPPED,
                    domain=domain,
                    no_location=True,
                    ignore_patterns=["tests", "htmx.min.js"],
                    verbosity=0,
                )
    finally:
        os.chdir(cwd)
    return copy


_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$')


def read_po(path: Path) -> dict[str, str]:
    """{msgid: translation} for every entry (the plural msgid too); "" when untranslated or
    fuzzy. Enough for the files makemessages writes; not a general .po parser."""
    entries, entry, key, fuzzy = [], {}, None, False

    def close():
        if entry.get("msgid"):
            entries.append((dict(entry), fuzzy))

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            key = None
            continue
        starts = line.startswith("#") or line.startswith(("msgctxt ", "msgid "))
        if starts and any(k.startswith("msgstr") for k in entry):
            close()
            entry, fuzzy = {}, False
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif match := _LINE.match(line):
            key = match.group(1)
            entry[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            entry[key] += ast.literal_eval(line)
    close()
    found = {}
    for entry, is_fuzzy in entries:
        single = "" if is_fuzzy else entry.get("msgstr", entry.get("msgstr[0]", ""))
        found[entry["msgid"]] = single
        if "msgid_plural" in entry:
            plurals = sorted(k for k in entry if k.startswith("msgstr["))
            found[entry["msgid_plural"]] = "" if is_fuzzy else entry[plurals[-1]]
    return found
