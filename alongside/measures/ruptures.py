"""When session feedback suggests a rupture in the working relationship.

A rating raises a prompt when it falls to the practice's threshold or lower, or when it is
2 or more points below the client's own running average for that item (once there are at
least two earlier answers to average). The first rule catches a low rating from someone who
always rates low; the second a fall from someone who always rates high.
"""

from dataclasses import dataclass

from django.conf import settings

from alongside.measures.scoring import FEEDBACK_ITEMS

DROP = 2
MIN_HISTORY = 2
WINDOW = 6  # the running average covers this many earlier answers


def threshold() -> int:
    return getattr(settings, "MEASURES_RUPTURE_THRESHOLD", 5)


@dataclass(frozen=True)
class Signal:
    item: str
    value: int
    average: float | None
    reason: str  # "threshold" or "drop"

    def as_dict(self):
        return {
            "item": self.item,
            "value": self.value,
            "average": self.average,
            "reason": self.reason,
        }


def signals(current: dict, history: list[dict], *, at_or_below: int | None = None) -> list[Signal]:
    """Signals for one session-feedback response, lowest rating first.

    `current` and each of `history` (earlier responses, oldest first) map item to a 0-10
    rating or None.
    """
    limit = threshold() if at_or_below is None else at_or_below
    found = []
    for item in FEEDBACK_ITEMS:
        value = current.get(item)
        if value is None:
            continue
        earlier = [h[item] for h in history if h.get(item) is not None][-WINDOW:]
        mean = sum(earlier) / len(earlier) if len(earlier) >= MIN_HISTORY else None
        average = round(mean, 1) if mean is not None else None
        if value <= limit:
            found.append(Signal(item, value, average, "threshold"))
        elif mean is not None and mean - value >= DROP:
            found.append(Signal(item, value, average, "drop"))
    return sorted(found, key=lambda s: (s.value - (s.average or s.value), s.value))
