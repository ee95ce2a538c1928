"""From clients' own words on their map to the practice's reporting groups.

The words are read (decrypted) here and nowhere else in this app, and never leave as text
tied to a client: what comes out is, per client id, the set of group keys they fall in, and,
for the admin's mapping page, phrases that at least k counted clients used, with a count.

Every client is in at least one group of each dimension: one of the practice's groups, or
"described in other words" (they wrote something no rule matches), or "not said" (no line
for that dimension, an empty one, or "I prefer not to say").
"""

import re
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from alongside.equity.models import Match

NOT_SAID = "not-said"
OTHER_WORDS = "other-words"
SPECIAL_LABELS = {
    NOT_SAID: _("Not said, or prefer not to say"),
    OTHER_WORDS: _("Described in other words"),
}
_SPLIT = re.compile(r"[,;/\n]+|\band\b", re.IGNORECASE)


def normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def phrases(words: str) -> set[str]:
    """The parts of what someone wrote, split where lists usually split."""
    return {normalise(part) for part in _SPLIT.split(words or "") if normalise(part)}


@dataclass(frozen=True)
class Group:
    key: str
    label: str


@dataclass(frozen=True)
class Rule:
    group_key: str
    match: str
    phrase: str

    def fits(self, words: str) -> bool:
        wanted = normalise(self.phrase)
        if not wanted:
            return False
        if self.match == Match.IS:
            return wanted in phrases(words) or wanted == normalise(words)
        return wanted in normalise(words)


def groups_in(words: str | None, prefer_not: bool, rules: list[Rule]) -> set[str]:
    """The group keys one client's words put them in, for one dimension."""
    if words is None or prefer_not or not normalise(words):
        return {NOT_SAID}
    found = {rule.group_key for rule in rules if rule.fits(words)}
    return found or {OTHER_WORDS}


def common_phrases(all_words: list[str], k: int) -> list[tuple[str, int]]:
    """Phrases used by at least k of the people whose words are given, most used first.

    One person's words count once per phrase. Phrases fewer people used are not shown at
    all: a rare phrase can name someone, and the admin knows who the clients are.
    """
    counts = Counter(p for words in all_words for p in phrases(words))
    return sorted(
        ((phrase, n) for phrase, n in counts.items() if n >= k), key=lambda x: (-x[1], x[0])
    )
