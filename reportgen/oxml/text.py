"""The text of WordprocessingML elements, as a reader sees it."""

from __future__ import annotations

from docx.oxml.ns import qn

_HYPHEN = qn("w:noBreakHyphen")


def text_of(element) -> str:
    """All the text in `element`'s `w:t` descendants, a non-breaking hyphen read as "-" (field codes and
    deleted text excluded)."""
    return "".join("-" if node.tag == _HYPHEN else node.text or ""
                   for node in element.iter(qn("w:t"), _HYPHEN))

