"""Accuracy on held-out set s5 (heldout_s5.yaml), per category.

The set was written without reading the dev set and scored once before any rule change
(heldout_s5.md keeps those blind figures); it has since guided fixes, so it is no longer
blind. Run with `pytest alongside/language/tests/test_heldout.py -s` to see the table.
"""

from collections import Counter
from pathlib import Path

import yaml

from alongside.language.tests.test_devset import _overlap, _spans, score

HELDOUT = Path(__file__).with_name("heldout_s5.yaml")
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
    tp, fp, found, fn = Counter(), Counter(), Counter(), Counter()
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


def test_the_checker_holds_up_on_sentences_written_apart_from_the_dev_set(checker):
    items = yaml.safe_load(HELDOUT.read_text())
    assert len(items) >= 150
    table = by_category(checker.check, items)
    p, r, f1, alarms = score(checker.check, items)
    print(f"\nheld-out s5: {len(items)} sentences, {sum(1 for i in items if not i['flags'])} clean")
    for category, (cp, cr) in table.items():
        print(f"{category:14} precision {cp:.3f} recall {cr:.3f}")
    print(
        f"all: precision {p:.3f} recall {r:.3f} F1 {f1:.3f}; clean with a false alarm {alarms:.1%}"
    )
    assert p >= 0.9
    assert r >= 0.9
    assert alarms < 0.1
    assert all(cr >= 0.8 for _, cr in table.values())


def test_the_held_out_set_covers_every_category_and_both_kinds_of_sentence():
    items = yaml.safe_load(HELDOUT.read_text())
    assert {c for item in items for _, c in item["flags"]} == set(CATEGORIES)
    assert 0.35 <= sum(1 for i in items if not i["flags"]) / len(items) <= 0.55
