"""Checking one long text on several cores, with the same findings as checking it whole.

A long file (a whole case load exported at once) is split at paragraph starts into one
piece per CPU; forked workers check and render their pieces while this process does
the first, and the rendered pieces are joined in order. Small notes never split.

Why a split at a blank line changes nothing (each point is tested in test_parallel.py):
- No rule's match crosses a blank line: the words of a phrase must be `joined`, and a
  gap with two line ends never is. Exceptions, accept-lists and own terms match alike.
- Every look to the left or right (negation, feeling, passive, subject, names, reported
  speech, self-descriptions) stops at a clause or sentence break, and a blank line is
  both. A piece is checked with the previous paragraph's last word in front of it, so
  a paragraph's first word still has a word (and the same blank-line gap) before it.
- Quotations can run across a blank line ("curly quotes", 'single quotes'), and where
  one ends depends on the text before it; so quotations are found once in the whole
  text, no split falls inside one, and each piece is handed its own.
- A text with no blank line is never split: a single line end can sit inside a phrase.
"""

import os
import re
from bisect import bisect_right

from alongside.language import quotes
from alongside.language.tokens import WORD

MIN_CHARS = 120_000  # about 20,000 words: below this, forking costs more than it saves
MAX_WORKERS = 8
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n\s*")


def workers() -> int:
    """How many processes to use: one per idle CPU this process may run on (like make's
    --load-average: on a shared machine a worker on a busy CPU only adds the cost of
    forking), or what ALONGSIDE_CHECK_WORKERS says (1 turns splitting off)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    wanted = os.environ.get("ALONGSIDE_CHECK_WORKERS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return max(1, min(cpus, int(wanted), MAX_WORKERS))
    busy = _busy_now()
    if busy is None:  # not Linux: the one-minute load average it is
        try:
            busy = os.getloadavg()[0]
        except OSError:
            busy = 0
    return max(1, min(round(cpus - busy), MAX_WORKERS))


LOADAVG = "/proc/loadavg"


def _busy_now() -> int | None:
    """How many other tasks want a CPU right now, or None where Linux's count is missing.

    The one-minute load average still counts what ran in the last minute (the previous
    commands of a benchmark, or of the user), so on an idle machine it kept the checker
    from forking long after the CPUs had gone quiet. /proc/loadavg's fourth field,
    "runnable/total", counts the tasks running or waiting for a CPU at this instant,
    this process among them, on every CPU (so never fewer than those this process may
    use). A busy task is counted between its time slices too; one blocked on a disk or
    the network at this instant is not, as it is using no CPU then either.
    """
    try:
        with open(LOADAVG, "rb") as f:
            running = int(f.read().split()[3].split(b"/")[0])
    except (OSError, ValueError, IndexError):
        return None
    return max(0, running - 1)  # not counting this process


def splittable(text: str) -> bool:
    """Whether pieces lower-case exactly as the whole does (see tokens.normalise)."""
    if text.isascii():
        return True
    return len(text.lower()) == len(text) and "\u03a3" not in text  # final sigma


def pieces(text: str, count: int, quoted: list) -> list[tuple[int, int, int]]:
    """Up to `count` pieces as (context start, start, end), covering the text in order.

    Each start but the first is a paragraph's first character, outside any quotation;
    the context start is where the word before it begins (or the start itself).
    """
    starts = [0]
    quote_starts = [s for s, _, _ in quoted]
    for k in range(1, count):
        at = max(len(text) * k // count, starts[-1] + 1)
        while (m := _PARAGRAPH.search(text, at)) and m.end() < len(text):
            p = m.end()
            q = bisect_right(quote_starts, p - 1) - 1
            if q >= 0 and quoted[q][1] > p:
                at = quoted[q][1]  # inside a quotation: look past its end
                continue
            starts.append(p)
            break
        else:
            break
    ends = [*starts[1:], len(text)]
    return [(_word_before(text, p), p, e) for p, e in zip(starts, ends, strict=True)]


def _word_before(text: str, p: int) -> int:
    """Where the last word before offset p begins (p when there is none)."""
    width = 256
    while True:
        lo = max(0, p - width)
        last = None
        for last in WORD.finditer(text, lo, p):  # noqa: B007
            pass
        if last is not None and (last.start() > lo or lo == 0):
            return last.start()
        if lo == 0:
            return p
        width *= 4


def check_piece(checker, text: str, piece: tuple, prefs, quoted: list) -> list:
    """The findings of text[start:end] as checking the whole text finds them."""
    from alongside.language.findings import new_finding

    context, start, end = piece
    mine = [(s - context, e - context, kind) for s, e, kind in quoted if start <= s < end]
    found = checker.check(text[context:end], prefs, quoted=mine)
    skip = start - context
    out = []
    for f in found:
        if f.start < skip:
            continue  # the word before the piece: the previous piece's finding
        fields = dict(f.__dict__)
        fields["start"] += context
        fields["end"] += context
        out.append(new_finding(**fields))
    return out


def check_split(checker, text: str, prefs, render, count: int, raw: bool = False) -> list:
    """render(findings) of each piece, in order: pieces after the first in forked
    workers, the first here. A worker that fails has its piece checked here instead.

    render may return a string or strings to write one after another (a worker sends
    each as it comes, so its output is never joined). A worker's output comes back as
    one string, or with raw=True as the UTF-8 bytes read from it, in pieces, for a
    caller that writes them to UTF-8 output as they are: decoding them here to encode
    them again there was three more copies of megabytes of output.
    """
    quoted = quotes.find_quotes(text)
    parts = pieces(text, count, quoted)
    children = []
    for piece in parts[1:]:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: check, render, send, and leave without cleanup
            status = 1
            try:
                os.close(read)
                out = render(check_piece(checker, text, piece, prefs, quoted))
                with os.fdopen(write, "wb") as pipe:
                    for chunk in [out] if isinstance(out, str) else out:
                        pipe.write(chunk.encode("utf-8"))
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        children.append((pid, read, piece))
    results = [render(check_piece(checker, text, parts[0], prefs, quoted))]
    for pid, read, piece in children:
        received = []
        try:
            while data := os.read(read, 1 << 16):
                received.append(data)
        finally:
            os.close(read)
        _, status = os.waitpid(pid, 0)
        if status == 0:
            results.append(received if raw else b"".join(received).decode("utf-8"))
        else:
            results.append(render(check_piece(checker, text, piece, prefs, quoted)))
    return results
