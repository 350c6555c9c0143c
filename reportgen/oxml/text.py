"""The text of WordprocessingML elements, as a reader sees it."""

from __future__ import annotations

from docx.oxml.ns import qn


def text_of(element) -> str:
    """All the text in `element`'s `w:t` descendants (field codes and deleted text excluded)."""
    return "".join(t.text or "" for t in element.iter(qn("w:t")))
