"""A template's tracked changes and comments, settled before it is read.

Writers revise templates with Track Changes on and leave notes as comments.
Jinja would otherwise read the text a tracked deletion removed (its tags
too), and a chapter's comment anchors would reach the draft without their
comments part.  Revisions are accepted, as the text reads once they are
(ECMA-376 Part 1, §17.13.5: w:ins, w:del, w:moveFrom, w:moveTo and the
property changes); comment anchors are removed (§17.13.4).
"""

from __future__ import annotations

import copy
import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportgen.oxml.fields import number_runs
from reportgen.oxml.text import split_run, text_of

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


# -- Writing tracked changes (ECMA-376 Part 1, §17.13.5.14 w:del, §17.13.5.18 w:ins) --

_DELETED = (qn("w:del"), qn("w:moveFrom"))
# What a run holding only text may hold besides its properties: what a value's replacement may remove.
# A run holding anything else (a comment or footnote reference, a field character, a picture) stays.
_TEXT_CONTENT = {qn(tag) for tag in ("w:t", "w:tab", "w:br", "w:cr", "w:noBreakHyphen", "w:softHyphen",
                                     "w:lastRenderedPageBreak")}
_RPR = qn("w:rPr")


def is_hidden(element) -> bool:
    """Whether `element` stands inside a tracked deletion (or the old place of a move): gone once every
    revision is accepted."""
    return any(ancestor.tag in _DELETED for ancestor in element.iterancestors())


def visible_runs(node) -> list:
    """The runs at or under `node` that a reader sees: not those already deleted by a tracked change."""
    if node.tag in _DELETED:
        return []
    if node.tag == qn("w:r"):  # a run a field's result names may itself stand inside a deletion
        return [] if any(a.tag in _DELETED for a in node.iterancestors()) else [node]
    return [run for run in node.iter(qn("w:r")) if not any(a.tag in _DELETED for a in run.iterancestors())]


def is_text_run(run) -> bool:
    """Whether the run holds only text (and line breaks, tabs): one a new value may replace."""
    return all(child.tag in _TEXT_CONTENT or child.tag == _RPR for child in run)


def runs_between(paragraph, start: int, end: int) -> list | None:
    """The runs of `paragraph` holding exactly its characters [start, end) (as `text_of` reads them), split
    out of the runs they share; None when a run to be split holds more than one piece of text."""
    runs, position = [], 0
    for run in visible_runs(paragraph):
        text = text_of(run)
        run_start, run_end = position, position + len(text)
        position = run_end
        if run_end <= start or run_start >= end or not text:
            continue
        pieces = [c for c in run if c.tag not in (_RPR, qn("w:lastRenderedPageBreak"))]
        if (run_start < start or run_end > end) and (len(pieces) != 1 or pieces[0].tag != qn("w:t")):
            return None
        if run_start < start:
            run = split_run(run, start - run_start, keep="last")
            run_start = start
        if run_end > end:
            run = split_run(run, end - run_start, keep="first")
        runs.append(run)
    return runs


class Reviser:
    """Replaces text in a document, as tracked changes by `author` dated `date` (a w:del of the old
    runs, a w:ins of the new), or plainly when `track` is false."""

    def __init__(self, document, author: str, date: str, track: bool = True):
        self.author, self.date, self.track = author, date, track
        self._next_id = max(_annotation_ids(document), default=0) + 1

    def plainly(self) -> "Reviser":
        """This reviser, writing without tracking: for a field's result that Word rebuilds itself when the
        field is updated (a 目录 entry), where a revision would only be noise, and LibreOffice's save moves
        the field's own begin into the deletion."""
        plain = copy.copy(self)
        plain.track = False
        return plain

    def _mark(self, tag: str):
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(self._next_id))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.date)
        self._next_id += 1
        return element

    def new_id(self) -> int:
        """An id no annotation of the document has (for a bookmark the reviser adds)."""
        self._next_id += 1
        return self._next_id - 1

    def insert_paragraph_after(self, paragraph, pieces: list):
        """A new paragraph after `paragraph`, formatted like it, holding `pieces` (runs, and the bookmark
        elements around them): its runs and its paragraph mark inserted by the reviser when tracking."""
        new = OxmlElement("w:p")
        ppr = copy.deepcopy(paragraph.find(qn("w:pPr")))
        if ppr is None:
            ppr = OxmlElement("w:pPr")
        for tag in ("w:sectPr", "w:pPrChange"):  # the section stays with its paragraph; no old change record
            for child in ppr.findall(qn(tag)):
                ppr.remove(child)
        new.append(ppr)
        if self.track:  # the paragraph mark inserted: w:ins comes first in the mark's run properties
            mark = ppr.find(_RPR)
            if mark is None:
                mark = OxmlElement("w:rPr")
                ppr.append(mark)
            mark.insert(0, self._mark("w:ins"))
        for piece in pieces:
            if self.track and piece.tag == qn("w:r"):
                inserted = self._mark("w:ins")
                inserted.append(piece)
                piece = inserted
            new.append(piece)
        paragraph.addnext(new)
        return new

    def replace(self, runs: list, text: str, *, at=None, parent=None, number: bool = False) -> None:
        """Put `text` where the text runs among `runs` stand (in document order), removing them: before the
        element `at` (a bookmark's end) when given, else after them, else at the end of `parent`.  It takes
        the first text run's formatting.  Runs holding more than text (a comment reference) stay.
        `number`: a caption number, whose "-" never breaks (`fields.number_runs`)."""
        runs = [run for run in runs if is_text_run(run)]
        rpr = _plain_properties(runs[0].find(_RPR)) if runs else None
        added = (number_runs(text, rpr) or [new_run("", rpr)]) if number else [new_run(text, rpr)]
        if self.track:
            inserted = self._mark("w:ins")
            inserted.extend(added)
            added = [inserted]
        if at is None and not runs:
            parent.extend(added)
        elif not self.track:
            for element in added:
                (at if at is not None else runs[0]).addprevious(element)
            for run in runs:
                run.getparent().remove(run)
        else:
            for run in runs:
                deleted = self._mark("w:del")
                run.addprevious(deleted)
                deleted.append(run)
                for t in run.findall(qn("w:t")):
                    t.tag = qn("w:delText")
            if at is not None:
                at.addprevious(added[0])
            else:
                anchor = runs[-1].getparent()
                while anchor.getparent().tag in (qn("w:ins"), qn("w:moveTo")):  # an editor's own insertion:
                    anchor = self._split_after(anchor.getparent(), anchor)  # ours stands beside it, not in it
                anchor.addnext(added[0])

    def _split_after(self, change, child):
        """The tracked change `change` ends after its `child`: what follows goes into a change of its own,
        like it (LibreOffice wraps a moved caption's whole SEQ field in one w:moveTo; the new number
        must stand before the field's end).  Returns `change`."""
        rest = list(child.itersiblings())
        if rest:
            after = change.makeelement(change.tag, dict(change.attrib))
            after.set(qn("w:id"), str(self.new_id()))
            after.extend(rest)
            change.addnext(after)
        return change


def _annotation_ids(document) -> list[int]:
    """Every w:id in the package's parts: revision ids are unique among all of a document's annotations."""
    ids = []
    for part in document.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is not None:
            ids += [int(v) for v in element.xpath("//@w:id") if v.lstrip("-").isdigit()]
        elif part.content_type.endswith("+xml"):  # parts python-docx keeps as bytes (footnotes, comments)
            ids += [int(v) for v in re.findall(rb'w:id="(-?\d+)"', part.blob)]
    return ids


def _plain_properties(rpr):
    """A copy of run properties without the record of an earlier tracked formatting change (w:rPrChange),
    whose id would be duplicated."""
    if rpr is None:
        return None
    rpr = copy.deepcopy(rpr)
    for change in rpr.findall(qn("w:rPrChange")):
        rpr.remove(change)
    return rpr


def new_run(text: str, rpr=None):
    """A run of `text` with the properties `rpr` (used as they are), its line breaks as w:br and tabs as w:tab."""
    run = OxmlElement("w:r")
    if rpr is not None:
        run.append(rpr)
    for number, line in enumerate(text.split("\n")):
        if number:
            run.append(OxmlElement("w:br"))
        for index, part in enumerate(line.split("\t")):
            if index:
                run.append(OxmlElement("w:tab"))
            if part:
                t = OxmlElement("w:t")
                t.text = part
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                run.append(t)
    return run
