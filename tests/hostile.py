"""Hostile input for the fuzz tests (test_form_fuzz.py, test_view_fuzz.py): Hypothesis
strategies for text, numbers and dates, and a form body built byte by byte, so a test can
send what a browser could but Django's test client won't (invalid UTF-8, lone surrogates).
"""

from datetime import date
from urllib.parse import quote_from_bytes

from hypothesis import strategies as st

SCRIPT = "<script>alert(1)</script>"
PAYLOADS = [
    "\x00",
    "a\x00b",
    "\ud800",
    "x\udfffy",
    "\u202egnp.exe",
    "\u200f\u200e\u2066\u2069",
    "\u200b\ufeff",
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "</textarea><script>alert(2)</script>",
    "javascript:alert(1)",
    "{{ request }}{% debug %}",
    "%(value)s %s %n",
    "'; DROP TABLE clients_client; --",
    "\r\n\r\n",
    "   ",
    "\t\x0b\x0c\x1c",
    "e\u0301\u0301\u0301",
    "👩🏽‍⚕️🏳️‍⚧️",
    "\U0010ffff\ufffe\uffff",
    "\x7f\x1b[31m\x08",
    "null",
    "[]",
]
NUMBERS = [
    "-1",
    "0",
    "-0",
    "1e309",
    "NaN",
    "inf",
    "-inf",
    "9" * 400,
    "9" * 5000,
    "1_000",
    " 7 ",
    "٣",
    "²",
    "0x10",
    "1.5",
    "+5",
    "-99999999999999999999",
    "9223372036854775807",
    "9223372036854775808",  # one past a 64-bit database integer
    "-9223372036854775809",
    "0" * 30 + "1",
]
DATES = [
    "2026-02-30",
    "0000-00-00",
    "99999-01-01",
    "2026-13-01",
    "-0001-01-01",
    "1900-01-00",
    "2024-02-29",
    "9999-12-31",
    "0001-01-01",
    "2026/01/01",
    "31/12/2026",
    "today",
]

any_char = st.characters(exclude_categories=())  # surrogates (Cs) included
text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(any_char, max_size=80),
    st.lists(st.one_of(st.sampled_from(PAYLOADS), st.text(any_char, max_size=10)), max_size=5).map(
        "".join
    ),
    st.tuples(
        st.sampled_from(["x", "é", "\u202e", "<b>", "\x00", "👩🏽‍⚕️", " "]), st.integers(0, 60_000)
    ).map(lambda t: t[0] * t[1]),
)
numbers = st.one_of(
    st.sampled_from(NUMBERS),
    st.integers(-(10**30), 10**30).map(str),
    st.floats().map(str),
    text,
)
dates = st.one_of(st.sampled_from(DATES), st.dates().map(date.isoformat), text)

# Raw bytes as a browser or a script could send them: invalid UTF-8 included.
raw = st.one_of(
    st.sampled_from([b"\xff\xfe", b"\xed\xa0\x80", b"\xc0\xaf", b"\x00", b"%", b"%zz"]),
    st.binary(max_size=40),
)


def form_body(data: dict) -> bytes:
    """application/x-www-form-urlencoded, byte for byte: strings are UTF-8 with any lone
    surrogate kept as its (invalid) bytes; bytes go as they are; lists repeat the key."""
    pairs = []
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, bytes):
                item = str(item).encode("utf-8", "surrogatepass")
            pairs.append(f"{key}=".encode() + quote_from_bytes(item).encode())
    return b"&".join(pairs)
