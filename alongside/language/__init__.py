"""Alongside's documentation language checker.

    from alongside.language import check
    for finding in check("Client claims her pain is 10/10."):
        print(finding.text, finding.message)

Pure Python with no Django import, so the `alongside check-language` CLI starts fast.
Rules are data (see RULES.md); a client's naming preferences are respected.
"""

from functools import lru_cache

from alongside.language.checker import Checker
from alongside.language.findings import Finding
from alongside.language.preferences import NamingPreferences

__all__ = ["Checker", "Finding", "NamingPreferences", "check"]


@lru_cache(maxsize=16)
def _checker(rule_dirs: tuple[str, ...], accept: tuple[str, ...]) -> Checker:
    return Checker(rule_dirs=rule_dirs, accept=accept)


def check(
    text: str, preferences=None, *, rule_dirs=(), accept=(), silenced: list | None = None
) -> list[Finding]:
    """Findings for `text`, sorted by position.

    preferences: NamingPreferences, or a dict like {"identity_first": True,
        "own_terms": ["autistic"]}, or None.
    rule_dirs: extra practice rule folders, applied after the built-in rules.
    accept: rule ids and/or phrases never to flag.
    silenced: a list to receive (finding, reason) for what the preferences kept quiet.
    """
    checker = _checker(tuple(str(d) for d in rule_dirs), tuple(accept))
    return checker.check(text, preferences, silenced=silenced)
