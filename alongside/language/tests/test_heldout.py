"""Accuracy on held-out sets s5 to s5f and s6a, s6b (heldout_s5*.yaml, heldout_s6*.yaml).

Each set was written apart from the dev set and scored once before the changes it then
guided (heldout_s5.md and heldout_s6.md keep those blind figures); none is blind any more.
Run with `pytest alongside/language/tests/test_heldout.py -s` to see the tables.
"""

from collections import Counter
from pathlib import Path

import pytest
import yaml

from alongside.language.tests.test_devset import _overlap, _spans, score

HELDOUT = sorted(Path(__file__).parent.glob("heldout_s[56]*.yaml"))
CATEGORIES = (
    "credibility",
    "authority",
    "judgement",
    "labels",
    "deficit",
    "substance-use",
    "suicide",
    "stereotyping",
    "structural",
)


def by_category(check, items) -> dict[str, tuple[float, float]]:
    """(precision, recall) per category, counted as test_devset.score counts them."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    found: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for item in items:
        gold = _spans(item)
        findings = check(item["text"])
        for f in findings:
            hit = any(_overlap(f.start, f.end, s, e) and c == f.category for s, e, c in gold)
            (tp if hit else fp)[f.category] += 1
        for s, e, c in gold:
            hit = any(_overlap(f.start, f.end, s, e) and c == f.category for f in findings)
            (found if hit else fn)[c] += 1
    return {
        c: (tp[c] / max(1, tp[c] + fp[c]), found[c] / max(1, found[c] + fn[c])) for c in CATEGORIES
    }


@pytest.mark.parametrize("path", HELDOUT, ids=lambda p: p.stem)
def test_the_checker_holds_up_on_sentences_written_apart_from_the_dev_set(checker, path):
    items = yaml.safe_load(path.read_text())
    assert len(items) >= 80
    table = by_category(checker.check, items)
    p, r, f1, alarms = score(checker.check, items)
    print(f"\n{path.stem}: {len(items)} sentences, {sum(1 for i in items if not i['flags'])} clean")
    for category, (cp, cr) in table.items():
        print(f"{category:14} precision {cp:.3f} recall {cr:.3f}")
    print(
        f"all: precision {p:.3f} recall {r:.3f} F1 {f1:.3f}; clean with a false alarm {alarms:.1%}"
    )
    # Lower than the dev set's 0.9: these sets were labelled apart from the rules, and some
    # of what they count as misses are category disagreements (heldout_s5.md and
    # heldout_s6.md list them).
    assert p >= 0.85
    assert r >= 0.85
    assert alarms < 0.1


def test_every_category_is_found_across_the_held_out_sets(checker):
    # Pooled: in one small set a category may have only four or five spans.
    items = [item for path in HELDOUT for item in yaml.safe_load(path.read_text())]
    table = by_category(checker.check, items)
    assert all(cp >= 0.85 and cr >= 0.85 for cp, cr in table.values()), table


def test_the_held_out_sets_cover_every_category_and_both_kinds_of_sentence():
    assert len(HELDOUT) == 8
    items = [item for path in HELDOUT for item in yaml.safe_load(path.read_text())]
    assert len(items) >= 950
    assert {c for item in items for _, c in item["flags"]} == set(CATEGORIES)
    assert 0.35 <= sum(1 for i in items if not i["flags"]) / len(items) <= 0.55
