"""Compiled rules: every pattern indexed by its rarest word, the finished index cached.

Reading ~25 YAML files and expanding every pattern costs about a tenth of a second, more
than checking a long note, and even rebuilding the index from expanded data costs a
few hundredths, so the CLI keeps the *finished* index (tuples, frozensets and dicts,
exactly what the matcher walks) in a cache file. The file is written with `marshal`,
which stores plain values only and never runs anything when read; it is keyed by the
digests of the rule files and of the code that shapes the index, and by the Python
version, so any change gives a new file. The cache is optional: if it cannot be read
or written the rules are simply compiled again.
"""

import gc
import marshal
import os
import sys
from pathlib import Path

try:  # the built-in BLAKE2: hashlib would load OpenSSL, a tenth of the CLI's start-up
    from _blake2 import blake2b as _digest
except ImportError:  # pragma: no cover - Pythons built without it
    from hashlib import blake2b as _digest

from alongside.language.frozen import Frozen
from alongside.language.matcher import dispatch, entry
from alongside.language.patterns import anchor, parse
from alongside.language.rules import BUILTIN_DIR, Rule, load_rules, load_vocab, rule_files

PLAN_VERSION = 4
# The modules whose code decides what the cached index holds.
_CODE_FILES = ("patterns.py", "rules.py", "compiled.py", "matcher.py")


class Plan(Frozen):
    """Rules plus their patterns indexed by anchor word, ready for matching."""

    _fields = ("rules", "index", "exceptions")
    rules: list[Rule]
    index: dict[str, tuple]  # anchor word -> matcher.dispatch(...) groups of entries
    exceptions: dict[str, tuple]  # the same for every rule's exceptions (entry = rule number)


def positions_tuple(positions, same: dict | None = None) -> tuple:
    # Equal positions shared across patterns, and every word one interned string, so
    # the cache file stores each once.
    same = {} if same is None else same
    return tuple(
        same.setdefault(p, p)
        for p in (
            (kind, frozenset(map(sys.intern, words)), bool(opt)) for kind, words, opt in positions
        )
    )


def _indexed(triples) -> dict[str, tuple]:
    index: dict[str, list[tuple]] = {}
    same: dict = {}
    for number, positions, k in triples:
        e = entry(number, positions_tuple(positions, same), k)
        for word in positions[k][1]:
            index.setdefault(word, []).append(e)
    return dispatch(index)


def build_plan(data: dict) -> Plan:
    """The finished plan from `compile_dirs` data."""
    rules = [Rule(**{**r, "context": frozenset(r["context"])}) for r in data["rules"]]
    return Plan(rules, _indexed(data["patterns"]), _indexed(data["exceptions"]))


def compile_dirs(directories: list[Path]) -> dict:
    """Load and expand rules into plain data (raises RuleError on bad files)."""
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


def compile_plan(directories: list[Path]) -> Plan:
    """The plan compiled from the rule files, never touching the cache."""
    return build_plan(compile_dirs(directories))


def load_plan(extra_dirs=()) -> Plan:
    directories = [BUILTIN_DIR, *(Path(d) for d in extra_dirs)]
    path = _cache_path(directories)
    if path:
        plan = _read_cache(path)
        if plan is not None:
            return plan
    data = compile_dirs(directories)
    plan = build_plan(data)
    if path:
        _write_cache(path, data, plan)
    return plan


def _cache_dir() -> Path | None:
    if os.environ.get("ALONGSIDE_NO_CACHE"):
        return None
    explicit = os.environ.get("ALONGSIDE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "alongside"


def _cache_path(directories: list[Path]) -> Path | None:
    """The cache file for these rule folders: named by a digest of everything it depends on."""
    cache_dir = _cache_dir()
    if cache_dir is None:
        return None
    key = _digest(f"{PLAN_VERSION} {sys.version} {marshal.version}\n".encode(), digest_size=16)
    try:
        for name in _CODE_FILES:
            key.update(Path(__file__).with_name(name).read_bytes())
        for directory in directories:
            key.update(f"\0dir {directory.resolve()}\n".encode())
            for f in rule_files(directory) if directory.is_dir() else []:
                key.update(f"\0{f.relative_to(directory)}\n".encode())
                key.update(f.read_bytes())
    except OSError:
        return None
    return cache_dir / f"language-rules-{key.hexdigest()}.marshal"


def _read_cache(path: Path) -> Plan | None:
    try:
        with open(path, "rb") as f:
            raw = f.read()  # one read: marshal.load on a file reads it in small pieces
    except OSError:
        return None
    # Tens of thousands of tuples arrive at once; the cyclic garbage collector would
    # rescan them many times over while they do (it doubled the load time), and none of
    # them can form a cycle.
    collecting = gc.isenabled()
    gc.disable()
    try:
        # Our own file, in the user's own cache folder (created 0600); marshal builds
        # plain values and never runs code, and the shape is checked below.
        data = marshal.loads(raw)  # noqa: S302
    except (EOFError, ValueError, TypeError):
        return None
    finally:
        if collecting:
            gc.enable()
    try:
        version, rules, index, exceptions = data
        if version != PLAN_VERSION:
            return None
        rules = [Rule(**{**r, "context": frozenset(r["context"])}) for r in rules]
    except (KeyError, TypeError, ValueError):
        return None  # a damaged cache file is rebuilt, never trusted
    if not isinstance(index, dict) or not isinstance(exceptions, dict):
        return None
    return Plan(rules, index, exceptions)


def _write_cache(path: Path, data: dict, plan: Plan) -> None:
    import tempfile  # only on the cold path

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".rules-", suffix=".tmp")
    except OSError:
        return  # a read-only home directory just means compiling on every run
    try:
        with os.fdopen(fd, "wb") as f:
            marshal.dump((PLAN_VERSION, data["rules"], plan.index, plan.exceptions), f)
        os.replace(tmp, path)
    except (OSError, ValueError):
        Path(tmp).unlink(missing_ok=True)
