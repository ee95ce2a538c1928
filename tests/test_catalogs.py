"""Every shipped language is complete: each app's catalog compiles cleanly with no
untranslated or fuzzy entry, the committed .mo files are the compiled .po files, and no
string in the code or templates is missing from the catalogs (makemessages, run into a
copy of the tree, finds nothing new). Needs GNU gettext (msgfmt, xgettext, msgmerge)."""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.catalogs import APPS, ROOT, SHIPPED, regenerate

LANGUAGES = SHIPPED
CATALOGS = sorted(
    path
    for code in LANGUAGES
    for path in ROOT.glob(f"**/locale/{code}/LC_MESSAGES/*.po")
    if "__pycache__" not in path.parts
)
STATS = re.compile(r"(\d+) (translated|fuzzy|untranslated)")


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def msgfmt(*args: str) -> subprocess.CompletedProcess:
    if shutil.which("msgfmt") is None:
        pytest.fail("msgfmt not found: install GNU gettext (apt-get install gettext)")
    return subprocess.run(["msgfmt", *args], capture_output=True, text=True, check=False)


def statistics(po: Path) -> dict[str, int]:
    """Counts of translated, fuzzy and untranslated entries; fails on any msgfmt error
    (a broken placeholder, a wrong number of plural forms, a bad header)."""
    result = msgfmt("--check", "--statistics", "-o", "/dev/null", str(po))
    assert result.returncode == 0, f"{_name(po)} does not compile:\n{result.stderr}"
    counts = {kind: 0 for kind in ("translated", "fuzzy", "untranslated")}
    counts.update({kind: int(n) for n, kind in STATS.findall(result.stderr)})
    return counts


def messages(mo: Path) -> dict:
    with mo.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


def test_each_shipped_language_has_catalogs():
    assert LANGUAGES, "no language other than the default is shipped"
    for code in LANGUAGES:
        assert any(f"/{code}/" in str(po) for po in CATALOGS), f"no catalog for {code}"


@pytest.mark.parametrize("po", CATALOGS, ids=_name)
def test_the_catalog_compiles_with_nothing_untranslated_or_fuzzy(po):
    counts = statistics(po)
    assert counts["translated"] > 0
    assert counts["fuzzy"] == 0 and counts["untranslated"] == 0, f"{_name(po)}: {counts}"


@pytest.mark.parametrize("po", CATALOGS, ids=_name)
def test_the_committed_mo_file_is_the_compiled_catalog(po, tmp_path):
    committed = po.with_suffix(".mo")
    assert committed.exists(), f"{_name(committed)} is missing: run compilemessages"
    fresh = tmp_path / "fresh.mo"
    assert msgfmt("-o", str(fresh), str(po)).returncode == 0
    assert messages(committed) == messages(fresh), (
        f"{_name(committed)} is out of date: run compilemessages and commit it"
    )


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    return regenerate(tmp_path_factory.mktemp("messages"))


@pytest.mark.parametrize("app", [*APPS, "."], ids=lambda app: app if app != "." else "project")
def test_no_string_is_missing_from_the_catalogs(app, regenerated):
    missing = []
    for po in sorted((regenerated / app / "locale").glob("*/LC_MESSAGES/*.po")):
        counts = statistics(po)
        if counts["untranslated"] or counts["fuzzy"]:
            missing.append(f"{po.relative_to(regenerated)}: {counts}")
    assert not missing, (
        "New strings without a translation (run makemessages in the app, translate, "
        "compilemessages; see docs/translating.md):\n" + "\n".join(missing)
    )
