"""Whose words are these? Quotations, self-descriptions, and scare quotes.

Words in quotation marks belong to someone else (usually the client), so rules never
flag inside them. The exception is the pattern Beach et al. (2021) found in notes on
Black patients: one or two of the client's own words put in quotes ("her 'pain'",
reports "anxiety"), which reads as doubt. That becomes a credibility finding.
"""

import re
from itertools import compress

from alongside.language.patterns import WORDS
from alongside.language.tokens import WORD, Tokens

SPEECH, SCARE, MENTION = "speech", "scare", "mention"

# A quotation starts at one of these; each kind then has its own closing pattern.
_OPENER = re.compile(r"[\"\u201c\u2018]|(?<![^\s(\[{])'(?=[^\W_])")
# The same openers, found fast: any quote mark (one C scan of a character set), and then
# a straight apostrophe only where _OPENER's look-behind and look-ahead would take it.
# Searching with _OPENER itself tries its look-behind at every character, nine tenths
# of the time it took to find a long file's quotations.
_MARK = re.compile("[\"\u201c\u2018']")
_WORD_CHAR = re.compile(r"[^\W_]")
_BEFORE_APOSTROPHE = "([{"
_CLOSED = {
    '"': re.compile(r'"(?:[^"\n]|\n(?!\s*\n)){1,400}"'),
    "\u201c": re.compile(r"\u201c[^\u201c\u201d]{1,400}\u201d"),
    "\u2018": re.compile(r"\u2018.{1,400}?\u2019(?![^\W_])", re.DOTALL),
    "'": re.compile(r"'.{1,400}?(?<=\S)'(?![^\W_])", re.DOTALL),
}
_SELF = r"(?:herself|himself|themselves|themself|myself|itself)"
_ATTRIBUTED = re.compile(
    rf"\bin (?:her|his|their|my|the client's|the patient's)(?: own)? words\b"
    rf"|\b(?:describ\w*|refer\w* to|identif\w*|sees|saw|thinks of) {_SELF} as\b"
    rf"|\b(?:calls?|called|calling) {_SELF}\b"
    rf"|\b(?:self[- ])?(?:identifies|identified|identify|describes|described) as\b"
    rf"|\bwhat (?:she|he|they) (?:calls?|called|describes? as|refers? to as)\b"
)
_SENTENCE_END = re.compile(r"[.;!?]|\n")
_SO_CALLED = re.compile(r"so[- ]called\s*$")
# The words every _ATTRIBUTED match contains, and how many words may come before one.
_SELF_ENDS = frozenset("words as call calls called calling".split())  # noqa: SIM905
_SELF_BEFORE = 8
# The same words as a matcher index whose one entry is a one-word pattern, so that
# matcher.scan_all reports each token that is one of them, as (0, i, i).
SELF_ENDS_INDEX = {
    word: (None, None, ((0, ((WORDS, frozenset({word}), False),), 0, None, None, True),))
    for word in _SELF_ENDS
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words right before a short quote that make it the client's account being doubted; an
# adverb of hearsay before one ("apparently 'forgot'") doubts it twice over.
_DOUBT_BEFORE = _words(
    """
    her his their my client's patient's pt's reports reported reporting endorses endorsed
    complains complained complaining having experiencing apparently supposedly allegedly
    reportedly ostensibly seemingly
    """
)
# Verbs that report an account as doubtful; a short quote soon after them is doubted too.
_DOUBTING_VERBS = _words(
    """
    claims claimed claiming maintains maintained maintaining alleges alleged alleging purports
    purported purporting
    """
)
# Words shortly before a quote that attribute it to a speaker.
_SPEAKER_CUES = _words(
    """
    said says say saying told tells asked asks wrote writes texted shouted yelled screamed
    whispered replied explained added calls called calling labelled labeled nicknamed
    termed dubbed word words term terms phrase quote quoting quoted describes described
    describing identifies identified put stated states state insisted repeated
    """
)
# Words that mean the client is naming their own experience.
_SELF_NAMING = _words("as calls called calling word words term terms herself himself themselves")
_SPOKEN_AFTER = re.compile(
    r"\W*(?:,\s*)?(?:she|he|they|the client|client|i) (?:said|says|say|explained|added)"
)
# Words for the client's own experience: quoted alone, they read as doubt.
_EXPERIENCE = _words(
    """
    pain painful hurt hurts hurting anxiety anxious panic depression depressed allergy
    allergies allergic reaction reactions seizure seizures fits trauma traumatic
    traumatised traumatized flashbacks flashback fatigue tired exhausted migraine migraines
    headache headaches voices dizzy dizziness nausea nauseous symptoms symptom sick ill
    illness condition disability abuse abused assault assaulted harassment racism
    discrimination triggered overwhelmed dissociation dissociating numb stress stressed
    suicidal low ptsd adhd autism ocd sensitivity intolerance flare flare-up chronic
    """
)


def find_quotes(text: str) -> list[tuple[int, int, str]]:
    """Every quotation as (start, end, kind), the span including its quote marks."""
    found = []
    pos = 0
    while (start := _next_opener(text, pos)) >= 0:
        quote = _CLOSED[text[start]].match(text, start)
        if quote is None:
            pos = start + 1
            continue
        found.append((start, quote.end(), _kind(text, start, quote.end())))
        pos = quote.end()
    return found


def _next_opener(text: str, pos: int) -> int:
    """Where _OPENER.search(text, pos) would match, or -1."""
    while mark := _MARK.search(text, pos):
        i = mark.start()
        if text[i] != "'":
            return i
        before = text[i - 1] if i else " "
        if (before.isspace() or before in _BEFORE_APOSTROPHE) and _WORD_CHAR.match(text, i + 1):
            return i
        pos = i + 1
    return -1


def attributed_regions(tokens: Tokens, ends: list[int] | None = None) -> list[tuple[int, int]]:
    """Unquoted self-descriptions: "in her words, ...", "describes himself as ...".

    `ends` are the tokens that are _SELF_ENDS words, in order, when the caller has
    found them already (the checker does, in its one pass over the text: see
    SELF_ENDS_INDEX)."""
    low, words = tokens.low, tokens.words
    regions = []
    # Every self-description ends in one of a few words ("words", "as", "calls ..."), at
    # most a few words after its start and one before its end. Searching only around
    # those words finds the same matches as searching the whole text, in a tenth of the
    # time; a match found twice (from two of its words) gives the same region twice,
    # which merging the regions removes.
    last = len(words) - 1
    if ends is None:
        ends = compress(range(len(words)), map(_SELF_ENDS.__contains__, words))
    for i in ends:
        lo, hi = tokens.start(max(0, i - _SELF_BEFORE)), tokens.end(min(last, i + 1))
        for m in _ATTRIBUTED.finditer(low, lo, hi):
            stop = _SENTENCE_END.search(low, m.end())
            regions.append((m.start(), stop.start() if stop else len(low)))
    return regions


def _kind(text: str, start: int, end: int) -> str:
    inner = text[start + 1 : end - 1].strip()
    words = WORD.findall(inner.lower().replace("\u2019", "'"))
    if len(words) >= 4 or not words:
        return SPEECH
    before = _words_before(text, start)
    after = text[end : end + 40].lower()
    # "her 'pain'": a possessive or reporting word right before (but not "calls her").
    so_called = _SO_CALLED.search(text[max(0, start - 12) : start].lower())
    doubting = bool(before) and (
        before[-1] in _DOUBT_BEFORE or before[-2:] in (["complains", "of"], ["c", "o"])
    )
    if doubting and len(before) > 1 and before[-2] in _SPEAKER_CUES:
        doubting = False
    # "maintains she is 'fine'": a verb of doubt just before puts the quote in doubt too.
    doubting = doubting or not _DOUBTING_VERBS.isdisjoint(before[-4:])
    if (so_called or doubting) and inner[:1].islower():
        return SCARE
    # A symptom word in quotes reads as doubt even after "says", unless the client is
    # naming themself ("calls it", "describes herself as", "in her words").
    named = any(w in _SELF_NAMING for w in before[-3:])
    symptom = " ".join(words) in _EXPERIENCE or words[-1] in _EXPERIENCE
    if symptom and not named and len(words) <= 2 and inner[:1].islower():
        return SCARE
    if any(w in _SPEAKER_CUES for w in before[-6:]) or _SPOKEN_AFTER.match(after):
        return SPEECH
    return MENTION


def _words_before(text: str, start: int) -> list[str]:
    """Up to eight words before `start`, stopping at the start of the sentence."""
    window = text[max(0, start - 80) : start]
    cut = max(window.rfind(c) for c in ".!?\n")
    if cut >= 0:
        window = window[cut + 1 :]
    return WORD.findall(window.lower().replace("\u2019", "'"))[-8:]
