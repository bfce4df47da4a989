"""Quote-mark pairing on raw text: every style, mixed styles, unbalanced and nested marks, apostrophes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quotetrack.attribution.marks import paragraphs, quoted_spans


def inner_texts(text):
    return [q.inner.slice(text) for q in quoted_spans(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "we will win" today.', ["we will win"]),
        ("He said “we will win” today.", ["we will win"]),
        ("He said „we will win“ today.", ["we will win"]),
        ("He said «we will win» today.", ["we will win"]),
        ("He said ''we will win,'' today.", ["we will win,"]),
        ("He said ‘we will win’ today.", ["we will win"]),
        ("He said 'we will win' today.", ["we will win"]),
    ],
    ids=["straight", "curly", "low-high", "guillemets", "nyt-apostrophes", "curly-single", "straight-single"],
)
def test_each_style_pairs(text, expected):
    assert inner_texts(text) == expected


def test_opened_straight_closed_curly():
    text = 'Kim said, "This visit matters,” wrote KCNA.'
    assert inner_texts(text) == ["This visit matters,"]


def test_apostrophes_are_not_quote_marks():
    text = "Xi’s visit wasn't the voters’ choice, and it's Kim’s call."
    assert quoted_spans(text) == []


def test_nested_single_inside_double_is_part_of_the_quote():
    text = "“He told me ‘never again’ and left,” she said."
    assert inner_texts(text) == ["He told me ‘never again’ and left,"]


def test_unclosed_quote_runs_to_paragraph_end():
    text = "He said, “this never closes.\n\nNext paragraph is plain."
    [quote] = quoted_spans(text)
    assert quote.unclosed and quote.inner.slice(text) == "this never closes."
    assert not quote.continues


def test_quote_running_over_paragraphs_continues():
    text = "“First part of it.\n\n“Second part,” he said."
    first, second = quoted_spans(text)
    assert first.continues and first.inner.slice(text) == "First part of it."
    assert second.inner.slice(text) == "Second part,"


def test_stray_closing_mark_is_ignored():
    text = "It was over” and then “a real quote here” came."
    assert inner_texts(text) == ["a real quote here"]


def test_paragraphs_split_on_blank_lines():
    text = "One.\n\n\nTwo.\n  \nThree."
    assert [p.slice(text) for p in paragraphs(text)] == ["One.", "Two.", "Three."]


words = st.text(alphabet="abcdefghij ", min_size=1, max_size=12).filter(lambda s: s.strip())
styles = st.sampled_from([('"', '"'), ("“", "”"), ('"', "”"), ("„", "“"), ("«", "»"), ("''", "''")])


@given(st.lists(st.tuples(words, words, styles), min_size=1, max_size=6))
def test_property_balanced_quotes_are_found_in_order(pieces):
    """Text built from plain runs and quoted runs: every quoted run is found, in order, with its words."""
    text, expected = "", []
    for plain, quoted, (opener, closer) in pieces:
        text += f"x {plain.strip()} {opener}{quoted.strip()}{closer} "
        expected.append(quoted.strip())
    assert inner_texts(text) == expected


@given(st.text(alphabet="ab '’\"“”\n.", max_size=60))
def test_property_spans_are_ordered_and_inside_the_text(text):
    spans = quoted_spans(text)
    for quote in spans:
        assert 0 <= quote.outer.start <= quote.inner.start <= quote.inner.end <= quote.outer.end <= len(text)
    starts = [q.outer.start for q in spans]
    assert starts == sorted(starts)


def test_closing_mark_standing_free_after_the_last_punctuation():
    text = "''The reason is his coalitions, '' said Mr. Gunnels. ''He sees himself as fighting.''"
    assert inner_texts(text) == ["The reason is his coalitions,", "He sees himself as fighting."]
