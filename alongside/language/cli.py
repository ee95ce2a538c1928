"""`alongside check-language`: check note files like a compiler checks code.

    alongside check-language [--format text|json] [--preferences FILE] [--rules DIR]...
                             [--accept FILE] FILE... | -

Exit status: 0 when nothing at warning level was found, 1 when something was, 2 for bad
input (a missing or undecodable file, a broken rule or preferences file). Errors are one
line on stderr, never a traceback.
"""

import argparse
import gc
import os
import sys
from collections.abc import Iterable, Iterator
from itertools import chain

from alongside.language import parallel as _parallel
from alongside.language.preferences import NamingPreferences, PreferencesError, load_accept
from alongside.language.rules import RuleError

PROG = "alongside check-language"


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, not argparse's usage block
        raise _UsageError(message)


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, but with the width worked out here: argparse would import
    shutil for it (and shutil its compression modules) on every run, help or not."""

    def __init__(self, prog):
        super().__init__(prog, width=_columns() - 2)


def _columns() -> int:
    """The terminal's width, as shutil.get_terminal_size works it out."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, OSError, ValueError):
        return 80


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Check clinical notes for stigmatising language.",
        formatter_class=_Formatter,
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="files to check, or - for stdin")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--preferences", metavar="FILE", help="client naming preferences (YAML)")
    parser.add_argument(
        "--rules", metavar="DIR", action="append", default=[], help="extra rule folder"
    )
    parser.add_argument("--accept", metavar="FILE", help="accept-list of rule ids or phrases")
    return parser


def _read(name: str) -> str:
    try:
        if name == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(name, "rb") as f:
                data = f.read()
    except OSError as exc:
        raise _UsageError(f"{name}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _UsageError(f"{name}: not UTF-8 text (byte {exc.start})") from None


def main(argv: list[str]) -> int:
    # A check makes hundreds of thousands of objects (tokens, offsets, matches) and no
    # garbage cycles worth collecting: the cyclic collector would only rescan them, a
    # tenth of the time on a long file. Reference counting still frees everything.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _main(argv)
    finally:
        if collecting:
            gc.enable()


def _main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
        texts = [(("<stdin>" if n == "-" else n), _read(n)) for n in args.files]
        prefs = NamingPreferences.load(args.preferences) if args.preferences else None
        accept = load_accept(args.accept) if args.accept else []
        from alongside.language.checker import Checker

        checker = Checker(rule_dirs=args.rules, accept=accept)
    except (_UsageError, RuleError, PreferencesError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    render = _json_items if args.format == "json" else _text_lines
    warned, rendered = False, []
    for name, text in texts:
        parts = _check(checker, name, text, prefs, render)
        warned = warned or any(warning for warning, _ in parts)
        rendered.append((name, chain.from_iterable(pieces for _, pieces in parts)))
    _write(_json_chunks(rendered) if args.format == "json" else _text_chunks(rendered))
    return 1 if warned else 0


def _write(chunks) -> None:
    """Each chunk straight to stdout's bytes: a long file's output is megabytes, and
    joining the chunks into one string to hand to the text layer copied it twice more."""
    out = sys.stdout
    buffer = getattr(out, "buffer", None)
    if buffer is None:  # a stand-in stdout (tests, embedding): the text layer it is
        out.write("".join(chunks))
        return
    out.flush()
    encoding, errors = out.encoding or "utf-8", out.errors or "strict"
    for chunk in chunks:
        if isinstance(chunk, bytes):  # a worker's UTF-8 output, for UTF-8 stdout
            buffer.write(chunk)
            continue
        # A megabyte-sized chunk is encoded a slice at a time: each slice's bytes reuse
        # the memory the last one freed, where encoding it whole asked the kernel for as
        # many fresh pages again (page faults were most of what JSON cost over text).
        for at in range(0, len(chunk), _SLICE):
            buffer.write(chunk[at : at + _SLICE].encode(encoding, errors))
    buffer.flush()


_SLICE = 1 << 16


def _check(checker, name: str, text: str, prefs, render) -> list[tuple[bool, Iterable[str]]]:
    """The file's findings rendered, in one or more parts, each with whether it has a
    warning and its output as strings to write in turn. A long text is checked in pieces
    on every CPU (see parallel.py); the parts are then the pieces' output, in order."""

    if len(text) >= _parallel.MIN_CHARS and "\n\n" in text:
        count = _parallel.workers()
        if count > 1 and _parallel.splittable(text):
            return _check_split(checker, name, text, prefs, render, count)
    # One process: no flag put in front of (and sliced off again) a megabyte of output,
    # which is rendered a batch of findings at a time as it is written.
    found = checker.check(text, prefs)
    return [(any(f.severity == "warning" for f in found), _batches(render, name, text, found))]


def _check_split(checker, name: str, text: str, prefs, render, count: int) -> list:
    """_check's parts for a text checked in pieces on several CPUs (parallel.py).

    Each piece's answer is "1" or "0" for a warning, then its output (for JSON, one run
    of comma-separated items), in batches. A worker's answer comes back as the bytes it
    wrote, which go to stdout as they are when stdout is UTF-8 (see _Run)."""
    joiner = "," if render is _json_items else ""

    def rendered(found) -> Iterator[str]:
        yield "1" if any(f.severity == "warning" for f in found) else "0"
        comma = ""
        for batch in _batches(render, name, text, found):
            if batch:
                yield comma
                yield batch
                comma = joiner

    raw = _utf8_out()
    parts = []
    for part in _parallel.check_split(checker, text, prefs, rendered, count, raw=raw):
        if isinstance(part, list):  # a worker's bytes: the flag is the first of them
            first = part[0] if part else b"0"
            run = _Run(chunk for chunk in (first[1:], *part[1:]) if chunk)
            parts.append((first[:1] == b"1", [run]))
        elif isinstance(part, str):  # a worker's output, decoded
            parts.append((part[:1] == "1", [part[1:]]))
        else:  # rendered here: the flag, then the batches
            part = iter(part)
            warned = next(part) == "1"
            parts.append((warned, [_Run(chunk for chunk in part if chunk)]))
    return parts


class _Run(list):
    """One run of output (for JSON, of comma-separated items) in pieces: strings, or
    UTF-8 bytes from a worker, which are written as they are."""


def _utf8_out() -> bool:
    """Whether stdout takes bytes and encodes text as UTF-8 (so UTF-8 bytes pass as
    they are)."""
    out = sys.stdout
    if getattr(out, "buffer", None) is None or not out.encoding:
        return False
    import codecs

    try:
        return codecs.lookup(out.encoding).name == "utf-8"
    except LookupError:
        return False


_BATCH = 256


def _batches(render, name: str, text: str, found) -> Iterator[str]:
    """render's output for `found`, a batch of findings at a time (for JSON, batches to
    be joined by commas). Each batch is written and freed before the next is made, so a
    long file's output never sits in memory whole: fresh memory for megabytes of output
    (page faults) had made JSON, the longer output, dearer than text."""
    positions = _positions(text, found)
    for k in range(0, len(found), _BATCH):
        yield render(name, text, found[k : k + _BATCH], positions[k : k + _BATCH])


def _positions(text: str, found) -> list[tuple[int, int]]:
    """Line and column of each finding; findings are in order, so count as we go."""
    positions, line, line_start, pos = [], 1, 0, 0
    for f in found:
        newlines = text.count("\n", pos, f.start)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", pos, f.start) + 1
        pos = f.start
        positions.append((line, f.start - line_start + 1))
    return positions


def _text_lines(name: str, text: str, found, positions=None) -> str:
    """A file's findings as text lines; `positions` are their lines and columns, when
    already worked out (see _batches)."""
    if positions is None:
        positions = _positions(text, found)
    lines = []
    for f, (line, col) in zip(found, positions, strict=True):
        lines.append(f"{name}:{line}:{col}: {f.severity}: '{f.text}': {f.message} [{f.rule}]")
        if f.suggestions:
            lines.append(f"    try: {'; '.join(f.suggestions)}")
    return "".join(line + "\n" for line in lines)


def _text_chunks(rendered) -> Iterator[str]:
    for _, parts in rendered:
        for part in parts:
            if isinstance(part, _Run):
                yield from part
            else:
                yield part


def _text(results) -> str:
    return "".join(_text_lines(name, text, found) for name, text, found in results)


_said: dict[tuple, str] = {}


def _json_items(name: str, text: str, found, positions=None) -> str:
    """A file's findings as comma-separated JSON objects: each finding's fields plus its
    line and column.

    Everything a rule says is the same for each of its findings, so that part is encoded
    once per rule (by json's C encoder, from a plain dict) and reused; each finding adds
    only its offsets and its text. A long file's JSON then costs no more than its text
    output, where encoding every finding's message, suggestions and source afresh made
    it about three times as slow.
    """
    encode = _encoder()
    said = _said
    items = []
    if positions is None:
        positions = _positions(text, found)
    for f, (line, col) in zip(found, positions, strict=True):
        key = (f.rule, f.category, f.severity, f.message, f.suggestions, f.source)
        part = said.get(key)
        if part is None:
            part = said[key] = _rule_part(f, encode)
        items.append(
            f'{{"start":{f.start},"end":{f.end},"text":{encode(f.text)},'
            f'{part},"line":{line},"column":{col}}}'
        )
    return ",".join(items)


def _encoder():
    """json's C string encoder (as json.dumps uses with ensure_ascii=False), taken from
    the C module directly: importing the json package as well (its decoder and scanner
    too) was most of what made JSON output dearer than text."""
    try:
        from _json import encode_basestring
    except ImportError:  # an interpreter without the C accelerator
        from json.encoder import encode_basestring
    return encode_basestring


def _rule_part(f, encode) -> str:
    """What a finding's rule says, as the members of a JSON object (no braces): the same
    text json.dumps(..., ensure_ascii=False, separators=(",", ":")) gives."""
    suggestions = ",".join(map(encode, f.suggestions))
    return (
        f'"rule":{encode(f.rule)},"category":{encode(f.category)},'
        f'"severity":{encode(f.severity)},"message":{encode(f.message)},'
        f'"suggestions":[{suggestions}],"source":{encode(f.source)}'
    )


def _json_chunks(rendered) -> Iterator[str]:
    """The output's JSON in pieces, the files' findings as rendered (not joined again):
    each file's parts are runs of comma-separated items, so a comma goes between two
    that are not empty."""
    encode = _encoder()
    yield "["
    for n, (name, parts) in enumerate(rendered):
        yield f'{"," if n else ""}{{"file":{encode(name)},"findings":['
        comma = ""
        for part in parts:
            if part:
                yield comma
                if isinstance(part, _Run):
                    yield from part
                else:
                    yield part
                comma = ","
        yield "]}"
    yield "]\n"


def _json_files(rendered) -> str:
    return "".join(_json_chunks(rendered))


def _json(results) -> str:
    """The findings as JSON: per file, each finding's fields plus its line and column."""
    return _json_files([(name, [_json_items(name, text, found)]) for name, text, found in results])
