"""Reading rule files: YAML in `rules/<category>/*.yaml`, one or many rules per file.

The schema is described in RULES.md. Loading is strict, so a typo in a practice's rule
pack is reported with its file and rule id instead of silently matching nothing.
"""

import re
from pathlib import Path

from alongside.language.findings import SEVERITIES
from alongside.language.frozen import Frozen
from alongside.language.patterns import PatternError, parse

BUILTIN_DIR = Path(__file__).parent / "rules"
VOCAB_FILE = "_vocab.yaml"
CONTEXTS = frozenset({"negation", "subject", "client-subject", "feeling", "passive"})
DETECTORS = frozenset({"scare-quotes"})

_REQUIRED = {"id", "severity", "message", "source", "tests"}
_OPTIONAL = {
    "category",
    "patterns",
    "exceptions",
    "suggestions",
    "context",
    "person_first",
    "identity_first_suggestions",
    "detector",
}
_ID = re.compile(r"[a-z0-9][a-z0-9_.-]*")


class RuleError(ValueError):
    """A rule or vocabulary file that cannot be used; the message names the file."""


class Rule(Frozen):
    """One rule, as read from its file; its tests and path are not compared."""

    _fields = (
        "id", "category", "severity", "message", "source", "patterns", "exceptions",
        "suggestions", "context", "person_first", "identity_first_suggestions", "detector",
        "flag", "no_flag", "path",
    )  # fmt: skip
    _compared = _fields[:-3]
    _defaults = {
        "patterns": (), "exceptions": (), "suggestions": (), "context": frozenset(),
        "person_first": False, "identity_first_suggestions": (), "detector": "", "flag": (),
        "no_flag": (), "path": "",
    }  # fmt: skip
    id: str
    category: str
    severity: str
    message: str
    source: str
    patterns: tuple[str, ...]
    exceptions: tuple[str, ...]
    suggestions: tuple[str, ...]
    context: frozenset[str]
    person_first: bool
    identity_first_suggestions: tuple[str, ...]
    detector: str
    flag: tuple[str, ...]
    no_flag: tuple[str, ...]
    path: str


def rule_files(directory: Path) -> list[Path]:
    """Every YAML file a rule directory contributes, in a stable order."""
    return sorted(p for p in directory.rglob("*.yaml") if p.is_file())


def _yaml(path: Path):
    import yaml  # only needed when the compiled-rule cache is cold

    try:
        text = path.read_text(encoding="utf-8")
        # The safe loader, in C when available (rule loading is on the CLI's cold path).
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise RuleError(f"{path}: cannot read rules: {reason}") from None


def load_vocab(directories: list[Path]) -> dict[str, list[str]]:
    vocab: dict[str, list[str]] = {}
    for directory in directories:
        path = directory / VOCAB_FILE
        if not path.exists():
            continue
        data = _yaml(path) or {}
        if not isinstance(data, dict) or not all(
            isinstance(v, list) and all(isinstance(w, str) for w in v) for v in data.values()
        ):
            raise RuleError(f"{path}: a vocabulary file maps names to lists of words")
        vocab.update({str(k): list(v) for k, v in data.items()})
    return vocab


def load_rules(directories: list[Path], vocab: dict[str, list[str]]) -> list[Rule]:
    """Rules from every directory; a later directory's rule replaces one with its id."""
    by_id: dict[str, Rule] = {}
    for directory in directories:
        if not directory.is_dir():
            raise RuleError(f"{directory}: not a rule directory")
        seen: set[str] = set()
        for path in rule_files(directory):
            if path.name == VOCAB_FILE:
                continue
            rel = path.relative_to(directory)
            folder = rel.parts[0] if len(rel.parts) > 1 else ""
            for rule in _rules_in(path, folder, vocab):
                if rule.id in seen:
                    raise RuleError(f"{path}: rule {rule.id} is defined twice")
                seen.add(rule.id)
                by_id[rule.id] = rule
    return list(by_id.values())


def _rules_in(path: Path, folder: str, vocab) -> list[Rule]:
    data = _yaml(path)
    items = data if isinstance(data, list) else [data]
    return [_rule(item, path, folder, vocab) for item in items if item is not None]


def _strings(value, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{what} must be a list of non-empty strings")
    return tuple(value)


def _rule(item, path: Path, folder: str, vocab) -> Rule:
    where = f"{path}: rule {item.get('id', '?') if isinstance(item, dict) else '?'}"
    try:
        return _build(item, folder, vocab, path)
    except (ValueError, TypeError) as exc:
        raise RuleError(f"{where}: {exc}") from None


def _build(item, folder: str, vocab, path: Path) -> Rule:
    if not isinstance(item, dict):
        raise ValueError("a rule must be a mapping")
    missing = _REQUIRED - item.keys()
    unknown = item.keys() - _REQUIRED - _OPTIONAL
    if missing or unknown:
        problems = [f"missing {sorted(missing)}"] if missing else []
        problems += [f"unknown keys {sorted(unknown)}"] if unknown else []
        raise ValueError("; ".join(problems))
    if not isinstance(item["id"], str) or not _ID.fullmatch(item["id"]):
        raise ValueError("id must be lower-case letters, digits, '.', '-' or '_'")
    category = item.get("category") or folder
    if not category or (folder and category != folder):
        raise ValueError(f"category must match the folder name ({folder or 'none'})")
    if item["severity"] not in SEVERITIES:
        raise ValueError(f"severity must be one of {', '.join(SEVERITIES)}")
    context = frozenset(_strings(item.get("context"), "context"))
    if context - CONTEXTS:
        raise ValueError(f"unknown context {sorted(context - CONTEXTS)}")
    detector = item.get("detector") or ""
    if detector and detector not in DETECTORS:
        raise ValueError(f"unknown detector {detector!r}")
    patterns = _strings(item.get("patterns"), "patterns")
    if not patterns and not detector:
        raise ValueError("a rule needs patterns (or a detector)")
    exceptions = _strings(item.get("exceptions"), "exceptions")
    for pattern in patterns + exceptions:
        try:
            parse(pattern, vocab)
        except PatternError as exc:
            raise ValueError(f"pattern {pattern!r}: {exc}") from None
    for key in ("message", "source"):
        if not isinstance(item[key], str) or not item[key].strip():
            raise ValueError(f"{key} must be a non-empty string")
    tests = item["tests"]
    if not isinstance(tests, dict) or set(tests) - {"flag", "no-flag"}:
        raise ValueError("tests must be a mapping with 'flag' and 'no-flag' lists")
    return Rule(
        id=item["id"],
        category=category,
        severity=item["severity"],
        message=" ".join(item["message"].split()),
        source=item["source"].strip(),
        patterns=patterns,
        exceptions=exceptions,
        suggestions=_strings(item.get("suggestions"), "suggestions"),
        context=context,
        person_first=bool(item.get("person_first", False)),
        identity_first_suggestions=_strings(
            item.get("identity_first_suggestions"), "identity_first_suggestions"
        ),
        detector=detector,
        flag=_strings(tests.get("flag"), "tests.flag"),
        no_flag=_strings(tests.get("no-flag"), "tests.no-flag"),
        path=str(path),
    )
