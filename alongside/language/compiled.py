"""Compiled rules: every pattern indexed by its rarest word, cached as JSON.

Reading ~40 YAML files and expanding every pattern costs about a tenth of a second, more
than checking a long note, so the CLI keeps the expanded form in a cache file keyed by
the rule files' paths, sizes and modification times. The cache is plain JSON (data, never
code), is rebuilt whenever anything changes, and is optional: if it cannot be read or
written the rules are simply compiled again.
"""

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from alongside.language.matcher import entry, small_index
from alongside.language.patterns import anchor, parse
from alongside.language.rules import BUILTIN_DIR, Rule, load_rules, load_vocab, rule_files

PLAN_VERSION = 3
_CODE_FILES = ("patterns.py", "rules.py", "compiled.py")


@dataclass(frozen=True)
class Plan:
    """Rules plus their patterns indexed by anchor word, ready for matching."""

    rules: list[Rule]
    index: dict[str, list[tuple]]  # anchor word -> [matcher.entry(...)]
    exceptions: dict[int, tuple]  # rule number -> matcher.small_index(...)


def positions_tuple(positions) -> tuple:
    return tuple((kind, frozenset(words), bool(opt)) for kind, words, opt in positions)


def build_plan(data: dict) -> Plan:
    rules = [Rule(**{**r, "context": frozenset(r["context"])}) for r in data["rules"]]
    index: dict[str, list[tuple]] = {}
    for number, positions, k in data["patterns"]:
        e = entry(number, positions_tuple(positions), k)
        for word in positions[k][1]:
            index.setdefault(word, []).append(e)
    grouped: dict[int, list[tuple]] = {}
    for number, positions, k in data["exceptions"]:
        grouped.setdefault(number, []).append(entry(number, positions_tuple(positions), k))
    exceptions = {number: small_index(entries) for number, entries in grouped.items()}
    return Plan(rules, index, exceptions)


def compile_dirs(directories: list[Path]) -> dict:
    """Load and expand rules into JSON-ready data (raises RuleError on bad files)."""
    vocab = load_vocab(directories)
    rules = load_rules(directories, vocab)
    data: dict = {"version": PLAN_VERSION, "rules": [], "patterns": [], "exceptions": []}
    for number, rule in enumerate(rules):
        data["rules"].append(_rule_data(rule))
        for pattern in rule.patterns:
            for positions in parse(pattern, vocab):
                data["patterns"].append([number, positions, anchor(positions)])
        for pattern in rule.exceptions:
            for positions in parse(pattern, vocab):
                data["exceptions"].append([number, positions, anchor(positions)])
    return data


def _rule_data(rule: Rule) -> dict:
    return {
        "id": rule.id,
        "category": rule.category,
        "severity": rule.severity,
        "message": rule.message,
        "source": rule.source,
        "suggestions": list(rule.suggestions),
        "context": sorted(rule.context),
        "person_first": rule.person_first,
        "identity_first_suggestions": list(rule.identity_first_suggestions),
        "detector": rule.detector,
    }


def load_plan(extra_dirs=()) -> Plan:
    directories = [BUILTIN_DIR, *(Path(d) for d in extra_dirs)]
    path = _cache_path(directories)
    data = _read_cache(path) if path else None
    if data is not None:
        try:
            return build_plan(data)
        except (KeyError, TypeError, ValueError, IndexError):
            pass  # a damaged cache file is rebuilt below, never trusted
    data = compile_dirs(directories)
    if path:
        _write_cache(path, data)
    return build_plan(data)


def _cache_dir() -> Path | None:
    if os.environ.get("ALONGSIDE_NO_CACHE"):
        return None
    explicit = os.environ.get("ALONGSIDE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "alongside"


def _cache_path(directories: list[Path]) -> Path | None:
    cache_dir = _cache_dir()
    if cache_dir is None:
        return None
    key = hashlib.sha256(str(PLAN_VERSION).encode())
    try:
        code = [Path(__file__).with_name(name) for name in _CODE_FILES]
        for directory in directories:
            files = rule_files(directory) if directory.is_dir() else []
            key.update(f"dir {directory.resolve()}\n".encode())
            for f in [*files, *code]:
                st = f.stat()
                key.update(f"{f}\0{st.st_mtime_ns}\0{st.st_size}\n".encode())
    except OSError:
        return None
    return cache_dir / f"language-rules-{key.hexdigest()[:24]}.json"


def _read_cache(path: Path) -> dict | None:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    ok = isinstance(data, dict) and data.get("version") == PLAN_VERSION
    return data if ok else None


def _write_cache(path: Path, data: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".rules-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home directory just means compiling on every run
