"""Accuracy of the wording checker on its second-edition set (issue 16).

    python bench/wording.py                 # both splits
    python bench/wording.py --split dev     # the split rules are fixed against
    python bench/wording.py --split dev -v  # ... with every miss and false alarm

Each sentence in bench/wording/{dev,heldout}.txt lists the spans a careful reader would
flag (or none, for a clean sentence with a trap in it). Scoring is one finding per
problem: a finding counts once, for at most one expected span it overlaps; a second
finding on the same span, or one on no span, is a false positive; a span no finding
touches is a miss. "Clean false alarms" is the share of clean sentences with any finding.
"""

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = ROOT / "bench" / "wording"
SPLITS = ("dev", "heldout")


def load(split: str) -> list[dict]:
    items = []
    path = SETS / f"{split}.txt"
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        setting, text, expected = (part.strip() for part in line.split(" | "))
        spans, trap = [], None
        if expected.startswith("- "):
            trap = expected[2:]
        else:
            for span in expected.split(" ; "):
                start = text.find(span)
                if start < 0:
                    sys.exit(f"{path.name}:{n}: {span!r} is not in the sentence")
                spans.append((start, start + len(span)))
        items.append({"setting": setting, "text": text, "spans": spans, "trap": trap, "line": n})
    return items


def score(check, items, verbose=False, split=""):
    counts = Counter()
    for item in items:
        found = check(item["text"])
        unmatched = list(item["spans"])
        for f in found:
            hit = next((s for s in unmatched if f.start < s[1] and s[0] < f.end), None)
            if hit:
                unmatched.remove(hit)
                counts["tp"] += 1
            else:
                counts["fp"] += 1
                if verbose:
                    print(f"  FP {split}:{item['line']} {f.rule} {f.text!r}: {item['text']}")
        counts["fn"] += len(unmatched)
        if verbose:
            for s, e in unmatched:
                print(f"  FN {split}:{item['line']} {item['text'][s:e]!r}: {item['text']}")
        if item["trap"]:
            counts["clean"] += 1
            counts["alarm"] += bool(found)
    p = counts["tp"] / max(1, counts["tp"] + counts["fp"])
    r = counts["tp"] / max(1, counts["tp"] + counts["fn"])
    f1 = 2 * p * r / max(1e-9, p + r)
    alarms = counts["alarm"] / max(1, counts["clean"])
    return p, r, f1, alarms, counts


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=SPLITS + ("both",), default="both")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from alongside.language import check

    splits = SPLITS if args.split == "both" else (args.split,)
    failed = False
    for split in splits:
        items = load(split)
        p, r, f1, alarms, c = score(check, items, args.verbose, split)
        print(
            f"{split}: {len(items)} sentences ({c['clean']} clean); precision {p:.3f} "
            f"recall {r:.3f} F1 {f1:.3f}; clean false alarms {alarms:.1%} "
            f"({c['alarm']}/{c['clean']}); tp {c['tp']} fp {c['fp']} fn {c['fn']} "
            f"(target F1 >= 0.90, false alarms <= 5%)"
        )
        failed |= f1 < 0.90 or alarms > 0.05
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
