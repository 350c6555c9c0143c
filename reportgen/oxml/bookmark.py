"""Bookmarks: a name on a range of a paragraph, for references, 目录 entries and layout probes."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def bookmark_elements(bookmark_id: int, name: str):
    """A `w:bookmarkStart` and its `w:bookmarkEnd`."""
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), str(bookmark_id))
    return start, end


def mark_end(p, bookmark_id: int, name: str) -> list:
    """A point bookmark where paragraph `p` ends (on its last line), for a layout probe: followed by a
    zero-width space, without which LibreOffice 7.4 exports no destination for it when the paragraph
    ends a page.  Returns the elements added."""
    start, end = bookmark_elements(bookmark_id, name)
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "\u200b"
    run.append(text)
    for element in (start, end, run):
        p.append(element)
    return [start, end, run]


def mark_paragraph(p, bookmark_id: int, name: str, *, whole: bool = True) -> list:
    """Bookmark paragraph `p`: its whole content, or (`whole=False`) just the point where it starts.
    Returns the bookmark's two elements."""
    start, end = bookmark_elements(bookmark_id, name)
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    if whole:
        p.append(end)
    else:
        start.addnext(end)
    return [start, end]


def bookmark_range(start) -> tuple[list, object | None]:
    """The elements after the `w:bookmarkStart` `start` up to its `w:bookmarkEnd`, and that end.  When the
    end is not a later sibling (an editor split the paragraph, or it is gone), the elements to the
    paragraph's end and None."""
    nodes, node, wanted = [], start.getnext(), start.get(qn("w:id"))
    while node is not None:
        if node.tag == qn("w:bookmarkEnd") and node.get(qn("w:id")) == wanted:
            return nodes, node
        nodes.append(node)
        node = node.getnext()
    return nodes, None
