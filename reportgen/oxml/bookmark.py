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


_TRACKED = (qn("w:ins"), qn("w:del"), qn("w:moveFrom"), qn("w:moveTo"))
_HIDDEN = (qn("w:del"), qn("w:moveFrom"))


def hoist_out_of_revisions(start) -> None:
    """Bring the bookmark `start` and its end out of the tracked changes an office wrote them into, to the
    paragraph's level, where the text they hold is unchanged: Word, typing over a bookmarked value with
    修订 on, may leave the end inside the deletion (`<w:del>…50<w:bookmarkEnd/></w:del><w:ins>48</w:ins>`).
    A start moves before its change when only deleted text precedes it there, an end after its change
    when only deleted text follows it."""
    end = _end_of(start)
    for mark, before in ((start, True), (end, False)):
        while mark is not None and mark.getparent() is not None and mark.getparent().tag in _TRACKED:
            change = mark.getparent()
            siblings = [c for c in change if c is not mark]
            beside = siblings[:change.index(mark)] if before else siblings[change.index(mark):]
            if change.tag not in _HIDDEN and beside:  # visible text would change sides
                break
            if before:
                change.addprevious(mark)
            else:
                change.addnext(mark)


def _end_of(start):
    """The `w:bookmarkEnd` of `start` in its paragraph, wherever it is nested; None when not there."""
    paragraph = start
    while paragraph is not None and paragraph.tag != qn("w:p"):
        paragraph = paragraph.getparent()
    if paragraph is None:
        return None
    wanted = start.get(qn("w:id"))
    return next((e for e in paragraph.iter(qn("w:bookmarkEnd")) if e.get(qn("w:id")) == wanted), None)
