"""Instruments as data: FHIR R4 Questionnaire files, validated on load, paired with a Scale.

The files are validated with fhir.resources' R4B models (FHIR 4.3, the R4 technical
correction; Questionnaire and QuestionnaireResponse keep R4's shape for everything used here).
Only what the answering pages need is read out of the resource: leaf questions in order,
their answer options with scoring weights (the `ordinalValue` extension), integer ranges
(`minValue` / `maxValue`), help text (a child display item with itemControl "help") and
`enableWhen` conditions.

Other languages come from the FHIR `translation` extension on each text (`_text`, `_title`,
an answer's `_display`). An instrument counts as available in a language only when every
text a person reads has one: a half-translated instrument is never shown (see `in_language`).
"""

import importlib.util
import json
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from django.conf import settings
from fhir.resources.R4B.questionnaire import Questionnaire

from alongside.measures import scoring

SHIPPED_DIR = Path(__file__).parent / "questionnaires"
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
KINDS = {"choice", "integer", "text", "string"}


class InstrumentError(Exception):
    """A Questionnaire file or scoring entry that can't be used; says which and why."""


@dataclass(frozen=True)
class Option:
    code: str
    display: str
    system: str = ""
    value: int | None = None


@dataclass(frozen=True)
class Condition:
    question: str
    operator: str
    answer: object  # a code (str), an int or a bool (for "exists")

    def holds(self, answers: dict) -> bool:
        given = answers.get(self.question)
        if self.operator == "exists":
            return (given not in (None, "", [])) == bool(self.answer)
        if given in (None, "", []):
            return False
        given_all = given if isinstance(given, list) else [given]
        if self.operator == "=":
            return self.answer in given_all
        if self.operator == "!=":
            return self.answer not in given_all
        raise InstrumentError(f"enableWhen operator {self.operator!r} is not supported")


@dataclass(frozen=True)
class Question:
    link_id: str
    text: str
    kind: str
    required: bool = False
    repeats: bool = False
    options: tuple[Option, ...] = ()
    min_value: int | None = None
    max_value: int | None = None
    max_length: int | None = None
    help: str = ""
    help_ids: tuple[str, ...] = ()
    group: str = ""  # link id of the enclosing group, if any
    group_text: str = ""
    prefix: str = ""
    code: dict | None = None
    conditions: tuple[Condition, ...] = ()
    enable_any: bool = True

    def enabled(self, answers: dict) -> bool:
        if not self.conditions:
            return True
        results = (c.holds(answers) for c in self.conditions)
        return any(results) if self.enable_any else all(results)

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)

    def value(self, answer) -> int | None:
        """The number an answer stands for, for scoring; None when unanswered or unscored."""
        if answer in (None, "", []):
            return None
        if self.kind == "integer":
            # Stored answers were checked on the way in; anything else counts as unanswered.
            if not isinstance(answer, int) or isinstance(answer, bool):
                return None
            low, high = self.min_value, self.max_value
            if (low is not None and answer < low) or (high is not None and answer > high):
                return None
            return answer
        if self.kind == "choice" and not self.repeats:
            option = self.option(answer)
            return option.value if option else None
        return None

    def display(self, answer) -> str:
        if answer in (None, "", []):
            return ""
        if self.kind == "choice":
            codes = answer if isinstance(answer, list) else [answer]
            return "; ".join(o.display for c in codes if (o := self.option(c)))
        return str(answer)


@dataclass(frozen=True)
class Instrument:
    key: str
    url: str
    version: str
    title: str
    description: str
    purpose: str
    copyright: str
    questions: tuple[Question, ...]
    scale: scoring.Scale
    resource: dict = field(repr=False, compare=False)
    shipped: bool = True

    def question(self, link_id: str) -> Question:
        return next(q for q in self.questions if q.link_id == link_id)

    def label(self, link_id: str) -> str:
        """The question's text, or the id itself for an item this version doesn't have."""
        return next((q.text for q in self.questions if q.link_id == link_id), link_id)

    def visible(self, answers: dict) -> list[Question]:
        return [q for q in self.questions if q.enabled(answers)]

    def values(self, answers: dict) -> dict[str, int | None]:
        return {q.link_id: q.value(answers.get(q.link_id)) for q in self.questions}

    def score(self, answers: dict) -> scoring.Score:
        return self.scale.score(self.values(answers))

    def kept(self, answers: dict) -> dict:
        """Answers to questions that are enabled; the rest are dropped, as FHIR says."""
        visible = {q.link_id for q in self.visible(answers)}
        return {k: v for k, v in answers.items() if k in visible and v not in (None, "", [])}

    def missing_required(self, answers: dict) -> list[Question]:
        return [q for q in self.visible(answers) if q.required and answers.get(q.link_id) in _EMPTY]

    @property
    def language(self) -> str:
        """The language the file is written in (FHIR `language`; English when not given)."""
        return _primary(self.resource.get("language") or "en")

    def in_language(self, language: str) -> "Instrument | None":
        """This instrument with every text in `language`, or None when any text lacks one.

        Only the words change: codes, scoring weights and conditions stay as written, so
        answers given in any language score and export the same.
        """
        language = _primary(language)
        if language == self.language:
            return self
        texts = _translations(self.resource.get("item") or [], language)
        title = _translated(self.resource.get("_title"), language)
        purpose = _translated(self.resource.get("_purpose"), language)
        if texts is None or title is None or (self.purpose and purpose is None):
            return None
        copyright_text = _translated(self.resource.get("_copyright"), language)
        return replace(
            self,
            title=title,
            purpose=purpose or "",
            copyright=copyright_text or self.copyright,
            questions=tuple(_question_in(q, texts) for q in self.questions),
        )


_EMPTY = (None, "", [])


def _extension(item, url):
    return next((e for e in (item.extension or []) if e.url == url), None)


def _primary(language: str) -> str:
    """ "es-MX" and "es" both read the Spanish translation: compare the first subtag only."""
    return language.replace("_", "-").split("-")[0].lower()


def _translated(element: dict | None, language: str) -> str | None:
    """The content of a `translation` extension for `language` on a primitive's `_x` element."""
    for extension in (element or {}).get("extension") or []:
        if extension.get("url") != TRANSLATION:
            continue
        parts = {part.get("url"): part for part in extension.get("extension") or []}
        if _primary(parts.get("lang", {}).get("valueCode", "")) == language:
            return parts.get("content", {}).get("valueString")
    return None


def _translations(items: list, language: str) -> dict | None:
    """Every translated text by linkId (and answer code), or None if any text has none."""
    found = {}
    for item in items:
        if item.get("text") is not None:
            text = _translated(item.get("_text"), language)
            if text is None:
                return None
            found[item["linkId"]] = text
        for answer in item.get("answerOption") or []:
            coding = answer.get("valueCoding") or {}
            if coding.get("display") is not None:
                display = _translated(coding.get("_display"), language)
                if display is None:
                    return None
                found[(item["linkId"], coding.get("code"))] = display
        inner = _translations(item.get("item") or [], language)
        if inner is None:
            return None
        found.update(inner)
    return found


def _question_in(question: "Question", texts: dict) -> "Question":
    options = tuple(
        replace(o, display=texts.get((question.link_id, o.code), o.display))
        for o in question.options
    )
    return replace(
        question,
        text=texts[question.link_id],
        options=options,
        help=" ".join(texts[h] for h in question.help_ids),
        group_text=texts.get(question.group, question.group_text) if question.group else "",
    )


def _is_help(item) -> bool:
    control = _extension(item, ITEM_CONTROL)
    if item.type != "display" or control is None:
        return False
    return any(c.code == "help" for c in control.valueCodeableConcept.coding or [])


def _condition(when) -> Condition:
    if when.answerCoding is not None:
        answer = when.answerCoding.code
    elif when.answerInteger is not None:
        answer = when.answerInteger
    elif when.answerBoolean is not None:
        answer = when.answerBoolean
    else:
        raise InstrumentError(f"enableWhen on {when.question}: only coding, integer, boolean")
    if when.operator not in ("=", "!=", "exists"):
        raise InstrumentError(f"enableWhen operator {when.operator!r} is not supported")
    return Condition(when.question, when.operator, answer)


def _question(item, group=None) -> Question:
    if item.type not in KINDS:
        raise InstrumentError(f"item {item.linkId}: type {item.type!r} is not supported")
    options = []
    for answer in item.answerOption or []:
        coding = answer.valueCoding
        if coding is None:
            raise InstrumentError(f"item {item.linkId}: answer options must be codings")
        ordinal = _extension(answer, ORDINAL) or _extension(coding, ORDINAL)
        value = int(ordinal.valueDecimal) if ordinal is not None else None
        options.append(Option(coding.code, coding.display or coding.code, coding.system, value))
    if item.type == "choice" and not options:
        raise InstrumentError(f"item {item.linkId}: a choice needs answerOption entries")
    low, high = _extension(item, MIN_VALUE), _extension(item, MAX_VALUE)
    helps = [child for child in item.item or [] if _is_help(child)]
    code = item.code[0].model_dump(exclude_none=True) if item.code else None
    return Question(
        link_id=item.linkId,
        text=item.text or "",
        kind=item.type,
        required=bool(item.required),
        repeats=bool(item.repeats),
        options=tuple(options),
        min_value=low.valueInteger if low is not None else None,
        max_value=high.valueInteger if high is not None else None,
        max_length=item.maxLength,
        help=" ".join(child.text or "" for child in helps),
        help_ids=tuple(child.linkId for child in helps),
        group=group.linkId if group else "",
        group_text=(group.text or "") if group else "",
        prefix=item.prefix or "",
        code=code,
        conditions=tuple(_condition(w) for w in item.enableWhen or []),
        enable_any=item.enableBehavior != "all",
    )


def _questions(items, group=None):
    for item in items or []:
        if item.type == "group":
            yield from _questions(item.item, item)
        elif item.type == "display":
            continue
        else:
            yield _question(item, group)


def parse(data: dict, scale: scoring.Scale, *, shipped=True) -> Instrument:
    """Validate a Questionnaire resource and pair it with its scale."""
    try:
        resource = Questionnaire.model_validate(data)
    except Exception as error:  # pydantic's ValidationError, or a wrong resourceType
        message = f"{data.get('id', '?')}: not a valid FHIR Questionnaire: {error}"
        raise InstrumentError(message) from error
    if not resource.id or not resource.url:
        raise InstrumentError("A Questionnaire needs an id and a canonical url.")
    if not resource.copyright:
        raise InstrumentError(f"{resource.id}: state the licence in Questionnaire.copyright.")
    questions = tuple(_questions(resource.item))
    ids = [q.link_id for q in questions]
    if len(ids) != len(set(ids)):
        raise InstrumentError(f"{resource.id}: linkIds must be unique")
    for link_id in scale.items:
        if link_id not in ids:
            raise InstrumentError(f"{resource.id}: scale item {link_id} is not in the file")
        question = questions[ids.index(link_id)]
        if question.kind == "choice" and any(o.value is None for o in question.options):
            raise InstrumentError(f"{resource.id}: scored item {link_id} needs ordinal values")
    return Instrument(
        key=resource.id,
        url=resource.url,
        version=resource.version or "1",
        title=resource.title or resource.id,
        description=resource.description or "",
        purpose=resource.purpose or "",
        copyright=resource.copyright,
        questions=questions,
        scale=scale,
        resource=data,
        shipped=shipped,
    )


def _load_dir(directory: Path, scales: dict, *, shipped: bool) -> dict[str, Instrument]:
    found = {}
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        key = data.get("id", "")
        if key not in scales:
            raise InstrumentError(f"{path.name}: no scoring entry for {key!r}")
        found[key] = parse(data, scales[key], shipped=shipped)
    return found


def _practice_scales(directory: Path) -> dict[str, scoring.Scale]:
    module_path = directory / "scoring.py"
    if not module_path.exists():
        return {}
    spec = importlib.util.spec_from_file_location("alongside_practice_scoring", module_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {scale.key: scale for scale in getattr(module, "SCALES", [])}


def practice_dir() -> Path:
    return Path(
        getattr(settings, "MEASURES_INSTRUMENT_DIR", Path(settings.VAR_DIR) / "instruments")
    )


@cache
def registry() -> dict[str, Instrument]:
    loaded = _load_dir(SHIPPED_DIR, {s.key: s for s in scoring.SHIPPED}, shipped=True)
    missing = [s.key for s in scoring.SHIPPED if s.key not in loaded]
    if missing:
        # Seen when an install left out the package data: say what and where, not KeyError.
        raise InstrumentError(
            f"Shipped instrument file(s) missing for {', '.join(missing)} in {SHIPPED_DIR}: "
            "reinstall Alongside (the package's questionnaire JSON files were not installed)."
        )
    instruments = {s.key: loaded[s.key] for s in scoring.SHIPPED}
    extra = practice_dir()
    if extra.is_dir():
        for key, instrument in _load_dir(extra, _practice_scales(extra), shipped=False).items():
            if key in instruments:
                raise InstrumentError(f"{key}: a practice file can't replace a shipped instrument")
            instruments[key] = instrument
    return instruments


def get(key: str) -> Instrument:
    return registry()[key]


def for_language(key: str, language: str | None) -> tuple[Instrument, bool]:
    """The instrument to show someone reading `language`, and whether it is in that language.

    Instruments are shown in another language only from a complete, published translation in
    the file; otherwise as written, and the page says so (False).
    """
    instrument = get(key)
    translated = instrument.in_language(language or instrument.language)
    return (translated, True) if translated is not None else (instrument, False)


def choices():
    return [(key, instrument.title) for key, instrument in registry().items()]
