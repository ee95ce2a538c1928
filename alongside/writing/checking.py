"""The language checker as the app uses it: built-in rules, the practice's own rules and
accept-list, the client's naming preferences, and what therapists set aside."""

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings

from alongside.language import _checker, check
from alongside.language.checker import Checker
from alongside.language.preferences import PreferencesError, load_accept
from alongside.language.rules import BUILTIN_DIR, RuleError, load_rules, load_vocab
from alongside.writing.models import Dismissal, PracticeLanguage

# Longer text is checked only up to here: a request must stay cheap while typing.
MAX_CHECKED_CHARS = 50_000
PACK_FILE = "pack.yaml"


def phrase_digest(text: str) -> str:
    """Identifies the flagged words for a dismissal without storing them."""
    return hashlib.sha256(" ".join(text.lower().split()).encode()).hexdigest()


def practice_rules(practice) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(rule folders, accept-list) for a practice: settings first, then its admin's choices."""
    folders = [str(d) for d in settings.LANGUAGE_RULE_DIRS]
    accept = []
    for path in settings.LANGUAGE_ACCEPT_FILES:
        accept += load_accept(path)
    own = PracticeLanguage.objects.filter(practice=practice).first() if practice else None
    if own:
        accept += own.accepted()
        if own.rule_pack.strip():
            folders.append(str(_pack_folder(own.rule_pack)))
    return tuple(folders), tuple(accept)


def findings_for(text: str, *, client=None, practice=None, silenced: list | None = None) -> list:
    """What the checker finds in `text` written about `client`, minus what was set aside.

    `silenced`, if given, receives (finding, reason) for what the client's own words or
    naming preference kept quiet, so the page can say so instead of staying mysteriously
    silent.
    """
    text = (text or "")[:MAX_CHECKED_CHARS]
    if not text.strip():
        return []
    practice = client.practice if client is not None else practice
    folders, accept = practice_rules(practice)
    prefs = client.naming_preferences() if client is not None else None
    found = check(text, prefs, rule_dirs=folders, accept=accept, silenced=silenced)
    if client is None or not found:
        return found
    set_aside = set(Dismissal.objects.filter(client=client).values_list("rule", "phrase_digest"))
    return [f for f in found if (f.rule, phrase_digest(f.text)) not in set_aside]


def _pack_folder(pack_text: str) -> Path:
    """The practice's YAML written where the checker reads rule folders, once per version."""
    digest = hashlib.sha256(pack_text.encode()).hexdigest()[:20]
    folder = Path(settings.VAR_DIR) / "language-packs" / digest
    target = folder / PACK_FILE
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(pack_text)
        os.replace(tmp, target)  # atomic: a concurrent reader never sees half a file
    return folder


def pack_problems(pack_text: str) -> list[str]:
    """Why a practice rule pack can't be used: load errors, then failing self-tests."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / PACK_FILE).write_text(pack_text, encoding="utf-8")
        try:
            own = load_rules([folder], load_vocab([BUILTIN_DIR, folder]))
            checker = Checker(rule_dirs=[tmp])
        except RuleError as exc:
            return [str(exc).replace(f"{folder / PACK_FILE}: ", "")]
    if not own:
        return ["The pack holds no rules. Each rule is a YAML mapping in a list."]
    problems = []
    for rule in own:
        for sentence in rule.flag:
            if not any(f.rule == rule.id for f in checker.check(sentence, merge=False)):
                problems.append(f"{rule.id}: should flag but doesn't: {sentence!r}")
        for sentence in rule.no_flag:
            if any(f.rule == rule.id for f in checker.check(sentence, merge=False)):
                problems.append(f"{rule.id}: flags but shouldn't: {sentence!r}")
    return problems


def accept_problems(lines: list[str]) -> list[str]:
    """Entries that look like rule ids but name no rule (a typo would silently do nothing)."""
    known = {rule.id for rule in _checker((), ()).rules}
    return [
        f"No rule is called {line!r}."
        for line in lines
        if "." in line and " " not in line and line not in known
    ]


__all__ = ["PreferencesError", "findings_for", "pack_problems", "practice_rules"]
