"""The WordprocessingML vocabulary the stages name elements by: tags, and the type for annotations.

The stages above oxml/ compare and find elements by these names instead of spelling `qn("w:…")`
themselves, so that the namespace and the tags are written once.
"""

from docx.oxml.ns import qn
from lxml import etree

Element = etree._Element  # python-docx's element classes (CT_P, CT_Tbl …) are all lxml elements

BODY, P, TBL, TR, TC = qn("w:body"), qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
R, T, RPR = qn("w:r"), qn("w:t"), qn("w:rPr")
INS, DEL, MOVE_TO = qn("w:ins"), qn("w:del"), qn("w:moveTo")
BOOKMARK_START = qn("w:bookmarkStart")


def holds_deletion(element) -> bool:
    """Whether `element` is, or holds, text deleted with Track Changes on (w:del)."""
    return element.tag == DEL or element.find(f".//{DEL}") is not None


def is_insertion(element) -> bool:
    """Whether `element` is text inserted or moved here with Track Changes on (w:ins, w:moveTo)."""
    return element is not None and element.tag in (INS, MOVE_TO)


def enclosing(element, tag: str, *, under: str | None = None):
    """The nearest ancestor of `element` with `tag` (`under`: whose parent has that tag), or None."""
    return next((a for a in element.iterancestors(tag) if under is None or a.getparent().tag == under), None)
