"""Bookmarks: a name on a range of a paragraph, for references, 目录 entries and layout probes."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportgen.oxml.revisions import is_hidden, visible_runs
from reportgen.oxml.text import paragraph_of


def used_ids(root) -> list[int]:
    """The numeric ids of the bookmarks in `root`'s document."""
    return [int(v) for v in root.xpath("//w:bookmarkStart/@w:id") if v.isdigit()]


def starts(root) -> list:
    """The bookmarks' starts (w:bookmarkStart) in `root`, in document order."""
    return list(root.iter(qn("w:bookmarkStart")))


def name_of(start) -> str:
    """A bookmark's name, as its start carries it ("" without one)."""
    return start.get(qn("w:name"), "")


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
    nodes: list = []
    node, wanted = start.getnext(), start.get(qn("w:id"))
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
    paragraph's level, where the text they hold is unchanged.  Typing over a bookmarked value with 修订 on,
    Word may leave the end inside the deletion (`<w:del>50<w:bookmarkEnd/></w:del><w:ins>48</w:ins>`);
    LibreOffice puts the start in the deletion and the end first in the insertion
    (`<w:del><w:bookmarkStart/>50</w:del><w:ins><w:bookmarkEnd/>48</w:ins>`).  A mark first or last in
    its change moves just before or after it (the same place); else a start moves before, an end after,
    a deletion only (only deleted text changes sides)."""
    for mark, is_start in ((start, True), (_end_of(start), False)):
        while mark is not None and mark.getparent() is not None and mark.getparent().tag in _TRACKED:
            change = mark.getparent()
            position = change.index(mark)
            if position == 0:
                change.addprevious(mark)
            elif position == len(change) - 1:
                change.addnext(mark)
            elif change.tag in _HIDDEN:
                change.addprevious(mark) if is_start else change.addnext(mark)
            else:  # within inserted text: visible text would change sides
                break


def _end_of(start):
    """The `w:bookmarkEnd` of `start` in its paragraph, wherever it is nested; None when not there."""
    paragraph = paragraph_of(start)
    if paragraph is None:
        return None
    wanted = start.get(qn("w:id"))
    return next((e for e in paragraph.iter(qn("w:bookmarkEnd")) if e.get(qn("w:id")) == wanted), None)


def is_gone(start) -> bool:
    """Whether the bookmark `start` is gone once every revision is accepted: it stands in a tracked
    deletion, or all it holds is deleted (a caption deleted with 修订 on)."""
    if is_hidden(start):
        return True
    nodes, _ = bookmark_range(start)
    runs = [run for node in nodes for run in ([node] if node.tag == qn("w:r") else node.iter(qn("w:r")))]
    return bool(runs) and not any(visible_runs(node) for node in nodes)


def take_name(copy, name: str, original=None) -> None:
    """The bookmark `copy` takes the name `name`; `original`, a bookmark of that name in moved-away text,
    is removed with its end.  An office renames a bookmark it pastes while the original stands (a cut and
    paste under 修订 keeps the original in the moved-from text): the references and 目录 entries to it
    must find it once the move is accepted."""
    if original is not None:
        for element in (original, _end_of(original)):
            if element is not None and element.getparent() is not None:
                element.getparent().remove(element)
    copy.set(qn("w:name"), name)
