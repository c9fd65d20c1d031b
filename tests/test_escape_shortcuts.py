"""The escaping shortcuts are the full rules, only faster: a property test per shortcut."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from iepcheck.render import escape

#: Text a cell may hold: plain words most of the time, Markdown, controls, bidi and odd
#: whitespace often enough to reach every branch.
TRICKY = st.sampled_from(list("\\`*_[]<>|!~#&;.)-+=0123456789 \t\n\r\x1b\x85\u202e\u00a0\u2028é"))
CELL = st.lists(st.one_of(st.sampled_from(["speech", "Ms.", "Lee", "amp", "30", "min"]),
                          TRICKY), max_size=12).map("".join)


@settings(max_examples=2000)
@given(CELL)
def test_markdown_shortcut_equals_the_full_rule(text: str) -> None:
    assert escape.markdown_text(text) == escape._markdown_escaped(text)


@given(st.text(max_size=40))
def test_markdown_shortcut_equals_the_full_rule_on_any_text(text: str) -> None:
    assert escape.markdown_text(text) == escape._markdown_escaped(text)

