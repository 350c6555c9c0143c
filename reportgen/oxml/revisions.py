"""A template's tracked changes and comments, settled before it is read.

Writers revise templates with Track Changes on and leave notes as comments.
Jinja would otherwise read the text a tracked deletion removed (its tags
too), and a chapter's comment anchors would reach the draft without their
comments part.  Revisions are accepted, as the text reads once they are
(ECMA-376 Part 1, §17.13.5: w:ins, w:del, w:moveFrom, w:moveTo and the
property changes); comment anchors are removed (§17.13.4).
"""

from __future__ import annotations

from docx.oxml.ns import qn

# Content that is gone once the revisions are accepted.
_REMOVED = ("w:del", "w:moveFrom")
# Containers whose content stays, without the container.
_UNWRAPPED = ("w:ins", "w:moveTo")
# Marks of a revision that leave the content as it is: range markers and former properties.
_MARKS = ("w:moveFromRangeStart", "w:moveFromRangeEnd", "w:moveToRangeStart", "w:moveToRangeEnd",
          "w:rPrChange", "w:pPrChange", "w:sectPrChange", "w:tblPrChange", "w:tblGridChange",
          "w:trPrChange", "w:tcPrChange", "w:numberingChange", "w:tblPrExChange", "w:cellIns", "w:cellMerge")
_COMMENT_ANCHORS = ("w:commentRangeStart", "w:commentRangeEnd")


def accept_revisions(root) -> int:
    """Accept every tracked change under `root`; return how many there were."""
    count = 0
    for row in [props.getparent() for props in root.iter(qn("w:trPr")) if props.find(qn("w:del")) is not None]:
        row.getparent().remove(row)  # a deleted table row
        count += 1
    # (A deleted paragraph mark, w:pPr/w:rPr/w:del, goes with the other deletions below: the paragraph
    # stays apart from the next instead of joining it, its text the same.)
    for element in [e for tag in _REMOVED for e in root.iter(qn(tag))]:
        if element.getparent() is not None:
            element.getparent().remove(element)
            count += 1
    for element in [e for tag in _UNWRAPPED for e in root.iter(qn(tag))]:
        parent = element.getparent()
        if parent is None:
            continue
        if parent.tag in (qn("w:rPr"), qn("w:trPr")):  # an inserted paragraph mark or row: only a mark
            parent.remove(element)
        else:
            for child in list(element):
                element.addprevious(child)
            parent.remove(element)
        count += 1
    for element in [e for tag in _MARKS for e in root.iter(qn(tag))]:
        element.getparent().remove(element)
        count += 1
    return count


def remove_comment_anchors(root) -> int:
    """Remove the comment ranges and references under `root`; return how many comments were anchored."""
    references = [r for r in root.iter(qn("w:commentReference"))]
    for run in {r.getparent() for r in references}:
        if run.getparent() is not None:
            run.getparent().remove(run)
    for element in [e for tag in _COMMENT_ANCHORS for e in root.iter(qn(tag))]:
        element.getparent().remove(element)
    return len(references)
