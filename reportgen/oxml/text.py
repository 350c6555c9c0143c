"""The text of WordprocessingML elements, as a reader sees it."""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

_HYPHEN = qn("w:noBreakHyphen")


def text_of(element) -> str:
    """All the text in `element`'s `w:t` descendants, a non-breaking hyphen read as "-" (field codes and
    deleted text excluded)."""
    return "".join("-" if node.tag == _HYPHEN else node.text or ""
                   for node in element.iter(qn("w:t"), _HYPHEN))



_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
_TEXTS_CONTAINING = etree.XPath(".//w:t[contains(., $text)]", namespaces=_NS)
_PARAGRAPHS_CONTAINING = etree.XPath(".//w:p[.//w:t[contains(., $text)]]", namespaces=_NS)


def texts_containing(root, text: str) -> list:
    """The `w:t` elements under `root` holding `text`, found in one XPath (a long table has 100,000)."""
    return _TEXTS_CONTAINING(root, text=text)


def paragraphs_containing(root, text: str) -> list:
    """The paragraphs under `root` with a `w:t` holding `text` (one that spans two runs is not found)."""
    return _PARAGRAPHS_CONTAINING(root, text=text)
