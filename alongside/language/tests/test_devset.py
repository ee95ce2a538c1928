"""Accuracy on the labelled development set (devset.yaml).

Scoring is span-level: a finding is correct when it overlaps a labelled span of the same
category; a labelled span is found when some finding of its category overlaps it. The
"any category" figures, which only ask for overlap, are printed alongside. Run with
`pytest alongside/language/tests/test_devset.py -s` to see the numbers.
"""

from collections import Counter
from pathlib import Path

import yaml

DEVSET = Path(__file__).with_name("devset.yaml")


def _spans(item):
    spans = []
    for text, category in item["flags"]:
        start = item["text"].index(text)
        spans.append((start, start + len(text), category))
    return spans


def _overlap(a_start, a_end, b_start, b_end):
    return a_start < b_end and b_start < a_end


def score(check, items, same_category=True):
    counts = Counter()
    for item in items:
        gold = _spans(item)
        found = check(item["text"])
        for f in found:
            hit = any(
                _overlap(f.start, f.end, s, e) and (c == f.category or not same_category)
                for s, e, c in gold
            )
            counts["tp" if hit else "fp"] += 1
        for s, e, c in gold:
            hit = any(
                _overlap(f.start, f.end, s, e) and (c == f.category or not same_category)
                for f in found
            )
            counts["found" if hit else "fn"] += 1
        if not gold:
            counts["clean"] += 1
            counts["false_alarm"] += bool(found)
    precision = counts["tp"] / max(1, counts["tp"] + counts["fp"])
    recall = counts["found"] / max(1, counts["found"] + counts["fn"])
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    alarms = counts["false_alarm"] / max(1, counts["clean"])
    return precision, recall, f1, alarms


def test_the_checker_is_precise_and_finds_what_the_dev_set_marks(checker):
    items = yaml.safe_load(DEVSET.read_text())
    assert len(items) >= 400
    p, r, f1, alarms = score(checker.check, items)
    pa, ra, f1a, _ = score(checker.check, items, same_category=False)
    clean = sum(1 for i in items if not i["flags"])
    print(
        f"\ndev set: {len(items)} sentences, {clean} clean\n"
        f"same category: precision {p:.3f} recall {r:.3f} F1 {f1:.3f}\n"
        f"any category:  precision {pa:.3f} recall {ra:.3f} F1 {f1a:.3f}\n"
        f"clean sentences with a false alarm: {alarms:.1%}"
    )
    assert p >= 0.9
    assert r >= 0.9
    assert alarms < 0.1


def test_every_category_and_context_case_is_in_the_dev_set():
    items = yaml.safe_load(DEVSET.read_text())
    categories = {c for item in items for _, c in item["flags"]}
    cases = {item.get("case") for item in items}
    assert len(categories) == 9
    assert {"quote", "scare", "other", "negation", "term", "ordinary", "own", "praise"} <= cases
    assert 0.35 <= sum(1 for i in items if not i["flags"]) / len(items) <= 0.5
