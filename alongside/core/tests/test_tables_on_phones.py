"""Every wide table is usable on a 360px phone: it stacks into one card per row, or it
scrolls inside a region that a keyboard can reach and a screen reader can name (axe's
scrollable-region-focusable)."""

import re
from pathlib import Path

import alongside

TEMPLATES = sorted(Path(alongside.__file__).parent.glob("*/templates/**/*.html"))
WRAP = re.compile(r'<div class="table-wrap"([^>]*)>\s*(?:\{%[^%]*%\}\s*)*<table([^>]*)>', re.S)


def test_every_table_stacks_or_scrolls_in_a_focusable_labelled_region():
    problems, seen = [], 0
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        tables = text.count("<table")
        wrapped = WRAP.findall(text)
        seen += tables
        if len(wrapped) != tables:
            problems.append(f'{path.name}: a <table> outside <div class="table-wrap">')
        for wrap_attrs, table_attrs in wrapped:
            stacks = re.search(r'class="[^"]*\b(stack-table|power-table)\b', table_attrs)
            named = "aria-label=" in wrap_attrs or "aria-labelledby=" in wrap_attrs
            region = named and all(a in wrap_attrs for a in ('tabindex="0"', 'role="region"'))
            if not (stacks or region):
                problems.append(f"{path.name}: a wide table that neither stacks nor scrolls")
    assert seen > 5, "found almost no tables: is the template glob right?"
    assert not problems, problems
