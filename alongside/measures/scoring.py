"""Scoring rules for each instrument, as plain data and functions.

A `Scale` says which answers count, how (sum or mean, reversed items, subscales), what the
numbers are called (bands) and how big a change must be before it is more than noise
(reliable change), each with its source. `Scale.score(values)` takes item values already
turned into numbers (see instruments.Instrument.values) and returns a `Score`.

A practice adds an instrument it holds a licence for by dropping a Questionnaire JSON file
and a `scoring.py` defining `SCALES = [Scale(...)]` into MEASURES_INSTRUMENT_DIR.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

Values = Mapping[str, int | None]


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    label: str


@dataclass(frozen=True)
class ReliableChange:
    """Change of at least `points` between two scores is unlikely to be measurement noise."""

    points: float
    source: str


@dataclass(frozen=True)
class Subscale:
    key: str
    label: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Alert:
    """An item whose answer must reach a person, whatever the total says."""

    item: str
    at_least: int
    kind: str = "safety"


@dataclass(frozen=True)
class Score:
    total: float | None
    band: Band | None = None
    subscales: Mapping[str, float | None] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    prorated: bool = False
    alerts: tuple[Alert, ...] = ()

    @property
    def complete(self) -> bool:
        return self.total is not None


def _round(value: float, places: int = 0) -> float:
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Scale:
    key: str
    items: tuple[str, ...]
    item_min: int
    item_max: int
    method: str = "sum"  # or "mean"
    reverse: frozenset[str] = frozenset()
    subscales: tuple[Subscale, ...] = ()
    # With up to this many items missing the total is prorated (mean of the answered items
    # times the number of items); with more, no total is given.
    max_missing: int = 0
    bands: tuple[Band, ...] = ()
    reliable_change: ReliableChange | None = None
    higher_is_better: bool = False
    alerts: tuple[Alert, ...] = ()
    label: str = _("Score")
    sources: tuple[str, ...] = ()

    @property
    def total_min(self) -> float:
        return self.item_min if self.method == "mean" else self.item_min * len(self.items)

    @property
    def total_max(self) -> float:
        return self.item_max if self.method == "mean" else self.item_max * len(self.items)

    def item_value(self, item: str, raw: int | None) -> int | None:
        """The value an answer adds to the total: range-checked, reversed where the scale says."""
        if raw is None:
            return None
        if not self.item_min <= raw <= self.item_max:
            raise ValueError(f"{self.key}: {item}={raw} is outside {self.item_min}-{self.item_max}")
        if item in self.reverse:
            return self.item_min + self.item_max - raw
        return raw

    def _combine(self, items: tuple[str, ...], values: Values, max_missing: int):
        scored = {i: self.item_value(i, values.get(i)) for i in items}
        answered = [v for v in scored.values() if v is not None]
        missing = tuple(i for i, v in scored.items() if v is None)
        if not answered or len(missing) > max_missing:
            return None, missing, False
        mean = sum(answered) / len(answered)
        if self.method == "mean":
            return _round(mean, 2), missing, bool(missing)
        if missing:
            return _round(mean * len(items)), missing, True
        return float(sum(answered)), missing, False

    def score(self, values: Values) -> Score:
        total, missing, prorated = self._combine(self.items, values, self.max_missing)
        subscales = {
            sub.key: self._combine(sub.items, values, self.max_missing)[0] for sub in self.subscales
        }
        alerts = tuple(
            alert
            for alert in self.alerts
            if values.get(alert.item) is not None and values[alert.item] >= alert.at_least
        )
        return Score(
            total=total,
            band=self.band_for(total),
            subscales=subscales,
            missing=missing,
            prorated=prorated,
            alerts=alerts,
        )

    def band_for(self, total: float | None) -> Band | None:
        if total is None:
            return None
        for band in self.bands:
            if band.low <= total <= band.high:
                return band
        return None

    def change(self, before: float | None, after: float | None) -> str | None:
        """'better', 'worse' or None: whether after differs reliably from before."""
        if self.reliable_change is None or before is None or after is None:
            return None
        difference = after - before
        if abs(difference) < self.reliable_change.points:
            return None
        return "better" if (difference > 0) == self.higher_is_better else "worse"


# The shipped instruments ---------------------------------------------------------------------

KROENKE_2001 = (
    "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity "
    "measure. J Gen Intern Med 2001;16:606-613."
)
SPITZER_2006 = (
    "Spitzer RL, Kroenke K, Williams JBW, Lowe B. A brief measure for assessing generalized "
    "anxiety disorder: the GAD-7. Arch Intern Med 2006;166:1092-1097."
)
TALKING_THERAPIES = (
    "NHS England. NHS Talking Therapies for anxiety and depression manual (reliable improvement: "
    "PHQ-9 6 points, GAD-7 4 points); as used by Richards DA, Borglin G. J Affect Disord "
    "2011;133:51-60."
)
WILLIAMS_1997 = (
    "Williams DR, Yu Y, Jackson JS, Anderson NB. Racial differences in physical and mental "
    "health: socioeconomic status, stress and discrimination. J Health Psychol 1997;2:335-351."
)

PHQ9 = Scale(
    key="phq-9",
    items=tuple(f"phq9-{n}" for n in range(1, 10)),
    item_min=0,
    item_max=3,
    # Items are required in the form; one gap (e.g. an imported record) is prorated, more is not.
    max_missing=1,
    bands=(
        Band(0, 4, _("minimal")),
        Band(5, 9, _("mild")),
        Band(10, 14, _("moderate")),
        Band(15, 19, _("moderately severe")),
        Band(20, 27, _("severe")),
    ),
    reliable_change=ReliableChange(6, TALKING_THERAPIES),
    alerts=(Alert("phq9-9", 1),),
    label=_("PHQ-9 total (0 to 27)"),
    sources=(KROENKE_2001, TALKING_THERAPIES),
)

GAD7 = Scale(
    key="gad-7",
    items=tuple(f"gad7-{n}" for n in range(1, 8)),
    item_min=0,
    item_max=3,
    max_missing=1,
    bands=(
        Band(0, 4, _("minimal")),
        Band(5, 9, _("mild")),
        Band(10, 14, _("moderate")),
        Band(15, 21, _("severe")),
    ),
    reliable_change=ReliableChange(4, TALKING_THERAPIES),
    label=_("GAD-7 total (0 to 21)"),
    sources=(SPITZER_2006, TALKING_THERAPIES),
)

EDS = Scale(
    key="eds",
    items=tuple(f"eds-{n}" for n in range(1, 10)),
    item_min=0,
    item_max=5,
    label=_("Everyday discrimination (0 to 45)"),
    sources=(WILLIAMS_1997,),
)

FEEDBACK_ITEMS = ("safe", "heard", "respected", "power", "mattered", "overall")

SESSION_FEEDBACK = Scale(
    key="session-feedback",
    items=FEEDBACK_ITEMS,
    item_min=0,
    item_max=10,
    method="mean",
    higher_is_better=True,
    label=_("Session feedback, average of six ratings (0 to 10)"),
    sources=("Alongside's own wording; no published norms.",),
)

SHIPPED = (SESSION_FEEDBACK, EDS, PHQ9, GAD7)
