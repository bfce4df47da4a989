"""Quotation marks on raw text: find them, decide which open and which close, and pair them.

Works on the article text alone (no NLP), paragraph by paragraph, so that a quote opened with one style and
closed with another (`"…”`), NYT-style `''…''`, guillemets and low-high marks („…“) all pair, and a
paragraph that ends inside a quote continues into the next paragraph when that one opens again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quotetrack.records import Span

# Double marks: what may open, what may close. Straight `"` and NYT's `''` may do either, by context.
DOUBLE_OPENERS = {"“": '”“"', "„": '“”"', "«": "»", "»": "«", '"': '"”“', "''": "''\"”", "``": "''\"”"}
DOUBLE_CLOSERS = {"”", "“", '"', "''", "»", "«"}
SINGLE_OPENERS = {"‘": "’'", "'": "'’", "‹": "›"}
MARK_PATTERN = re.compile(r"''|``|[\"“”„«»‘’'‹›]")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n(?=[ \t]*[\"“„«])")


@dataclass(frozen=True)
class QuotedSpan:
    """A pair of quotation marks and the words between them."""

    outer: Span  # including the marks
    inner: Span  # the words only
    # The quote runs on into the next paragraph (it was left open and the next paragraph reopens).
    continues: bool = False
    # The closing mark was never found: the span runs to the end of its paragraph.
    unclosed: bool = False


def paragraphs(text: str) -> list[Span]:
    """Spans of the text's paragraphs (blank-line separated, or a line that starts with a quote mark)."""
    spans, start = [], 0
    for match in PARAGRAPH_BREAK.finditer(text):
        if text[start : match.start()].strip():
            spans.append(Span(start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append(Span(start, len(text)))
    return [strip_span(text, span) for span in spans]


def strip_span(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _role(text: str, start: int, end: int) -> str:
    """'open', 'close', 'both' or 'none' for the mark at text[start:end], from the characters around it."""
    mark = text[start:end]
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    space_before = before.isspace() or before in "([{—–-/"
    space_after = after.isspace() or after in ".,;:!?)]}—–-"
    if mark in ("'", "’"):
        # An apostrophe inside a word (don't, Xi’s) or after a plural (voters’ ) is not a quote mark.
        if before.isalnum() and after.isalnum():
            return "none"
        if mark == "’" and before.isalnum() and not space_after:
            return "none"
    if mark in ("‘", "„", "«", "‹", "``") and not space_after:
        return "open"
    if mark in ("’", "”", "»", "›") and not space_before:
        return "close"
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    if space_before and space_after:
        # "coalitions, '' said Mr. Gunnels": a mark standing free after the quote's last punctuation closes it
        after_punctuation = text[max(0, start - 2) : start] in (", ", ". ", "? ", "! ")
        return "close" if mark in DOUBLE_CLOSERS and after_punctuation else "none"
    return "both"


def _marks(text: str, span: Span) -> list[tuple[int, int, str]]:
    found = []
    for match in MARK_PATTERN.finditer(text, span.start, span.end):
        role = _role(text, match.start(), match.end())
        if role != "none":
            found.append((match.start(), match.end(), role))
    return found


def _closes(opener: str, mark: str, table: dict[str, str]) -> bool:
    return mark in table.get(opener, "")


def quoted_spans(text: str) -> list[QuotedSpan]:
    """Every double-quoted span (single quotes only where no double quote encloses them), in text order."""
    result: list[QuotedSpan] = []
    for paragraph in paragraphs(text):
        result.extend(_pair(text, paragraph, DOUBLE_OPENERS))
    covered = [q.outer for q in result]
    for paragraph in paragraphs(text):
        for single in _pair(text, paragraph, SINGLE_OPENERS, allow_unclosed=False):
            if not any(outer.start <= single.outer.start and single.outer.end <= outer.end for outer in covered):
                result.append(single)
    result.sort(key=lambda q: q.outer.start)
    return _mark_continuations(text, result)


def _pair(text: str, paragraph: Span, table: dict[str, str], allow_unclosed: bool = True) -> list[QuotedSpan]:
    marks = [m for m in _marks(text, paragraph) if text[m[0] : m[1]] in table or text[m[0] : m[1]] in "”’›»"]
    spans: list[QuotedSpan] = []
    index = 0
    while index < len(marks):
        start, end, role = marks[index]
        opener = text[start:end]
        if role == "close" or opener not in table:
            index += 1
            continue
        close_at = None
        for later in range(index + 1, len(marks)):
            m_start, m_end, m_role = marks[later]
            if m_role in ("close", "both") and _closes(opener, text[m_start:m_end], table):
                close_at = later
                break
        if close_at is None:
            if allow_unclosed and paragraph.end - end > 1:
                spans.append(QuotedSpan(Span(start, paragraph.end), _trim(text, end, paragraph.end), unclosed=True))
            break
        m_start, m_end, _ = marks[close_at]
        if m_start > end:
            spans.append(QuotedSpan(Span(start, m_end), _trim(text, end, m_start)))
        index = close_at + 1
    return spans


def _trim(text: str, start: int, end: int) -> Span:
    return strip_span(text, Span(start, end))


def _mark_continuations(text: str, spans: list[QuotedSpan]) -> list[QuotedSpan]:
    """An unclosed quote whose next paragraph opens with a quote mark continues into it."""
    out = []
    for index, quoted in enumerate(spans):
        following = spans[index + 1] if index + 1 < len(spans) else None
        continues = (
            quoted.unclosed and following is not None and not text[quoted.outer.end : following.outer.start].strip()
        )
        out.append(QuotedSpan(quoted.outer, quoted.inner, continues=continues, unclosed=quoted.unclosed))
    return out
