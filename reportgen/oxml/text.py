"""The text of WordprocessingML elements, as a reader sees it."""

from __future__ import annotations

import copy

from docx.oxml.ns import qn
from lxml import etree

from reportgen.oxml.ns import W

_NS = {"w": W}
_R, _T, _HYPHEN = qn("w:r"), qn("w:t"), qn("w:noBreakHyphen")
_TAB, _BREAK, _CR = qn("w:tab"), qn("w:br"), qn("w:cr")
_PLAIN = {_HYPHEN: "-"}  # what stands for text besides w:t when tabs and breaks read as nothing
# What a reader does not see: a tracked deletion and a move's source (w:del, w:moveFrom), where Word keeps
# a deleted non-breaking hyphen as it was.
_REMOVED = (qn("w:del"), qn("w:moveFrom"))
# LibreOffice writes a non-breaking hyphen into a field's result as the character U+2011 itself.
_NON_BREAKING_HYPHEN = "\u2011"


def text_of(element, *, tab: str = "", line_break: str = "") -> str:
    """The text a reader sees in `element`: its `w:t` descendants, a non-breaking hyphen (the element or
    the character) read as "-"; field codes and anything inside a tracked deletion under it left out (a
    run that stands inside one is not asked about: `revisions.visible_runs` leaves it out).

    This is reportgen's one reader of visible text.  By default a tab and a line break read as nothing,
    so that offsets into the text are offsets into the `w:t` texts (`revisions.runs_between`); `tab` and
    `line_break` read them as those strings instead, for text shown to people or compared cell by cell."""
    if element.tag in _REMOVED:
        return ""
    shown = {_HYPHEN: "-", _TAB: tab, _BREAK: line_break, _CR: line_break} if tab or line_break else _PLAIN
    nodes = element.iter(_T, *shown)
    if next(element.iter(*_REMOVED), None) is not None:  # rare: only then the slower look at each node
        nodes = (node for node in nodes if not any(a.tag in _REMOVED for a in node.iterancestors()))
    text = "".join(node.text or "" if node.tag == _T
                   else "" if node.tag == _TAB and node.getparent().tag != _R  # a tab stop, not a tab
                   else shown[node.tag] for node in nodes)
    return text.replace(_NON_BREAKING_HYPHEN, "-") if _NON_BREAKING_HYPHEN in text else text


_TEXTS_CONTAINING = etree.XPath(".//w:t[contains(., $text)]", namespaces=_NS)
_PARAGRAPHS_CONTAINING = etree.XPath(".//w:p[.//w:t[contains(., $text)]]", namespaces=_NS)


def paragraph_of(element):
    """The `w:p` that is `element` or holds it; None when it stands in none (a table, the body)."""
    while element is not None and element.tag != qn("w:p"):
        element = element.getparent()
    return element


def texts(root) -> list:
    """Every `w:t` under `root`, in document order."""
    return list(root.iter(qn("w:t")))


def texts_containing(root, text: str) -> list:
    """The `w:t` elements under `root` holding `text`, found in one XPath (a long table has 100,000)."""
    return _TEXTS_CONTAINING(root, text=text)


def paragraphs_containing(root, text: str) -> list:
    """The paragraphs under `root` with a `w:t` holding `text` (one that spans two runs is not found)."""
    return _PARAGRAPHS_CONTAINING(root, text=text)


def replace_text(t, pieces: list) -> None:
    """Put `pieces` (runs, bookmark or field elements) where the `w:t` element `t` stands: its run is cut
    in two around it, so the run's other children (tabs, breaks) and formatting stay where they were.
    Runs of empty text among the pieces, and halves left empty, are dropped."""
    run = t.getparent()
    rpr_tag = qn("w:rPr")
    before, after = copy.deepcopy(run), copy.deepcopy(run)
    index = list(run).index(t)
    for child in list(before)[index:]:
        before.remove(child)
    for child in list(after)[:index + 1]:
        if child.tag != rpr_tag:
            after.remove(child)
    for element in (before, *[p for p in pieces if _not_empty(p)], after):
        run.addprevious(element)
    run.getparent().remove(run)
    for half in (before, after):
        if not [c for c in half if c.tag != rpr_tag]:
            half.getparent().remove(half)


def _not_empty(element) -> bool:
    texts = element.findall(qn("w:t"))
    return not texts or any(t.text for t in texts)


def split_run(run, offset: int, *, keep: str):
    """Cut the run `run`, holding one `w:t`, before character `offset` into two runs of the same
    formatting; return the first half (`keep="first"`) or the last."""
    second = copy.deepcopy(run)
    first_t, second_t = run.find(qn("w:t")), second.find(qn("w:t"))
    text = first_t.text
    first_t.text, second_t.text = text[:offset], text[offset:]
    for t in (first_t, second_t):
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.addnext(second)
    return run if keep == "first" else second
