"""Cross-references ("见表 2"): REF fields to bookmarked caption numbers, with cached results.

`引用("学校情况")` in a template leaves an inline marker.  Each caption's
label and number are wrapped in a bookmark when it is inserted; once the
captions are numbered, `resolve_references` turns every marker into a
`REF <bookmark> \\h` field whose cached result is the caption's "表 1", so
Word, WPS and LibreOffice show it at once and Word updates it with the
caption.  A reference whose target is not in this draft (a section built
alone) is written as plain text with the number it has in the whole report.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportgen.oxml.fields import field_runs, text_run

REF_OPEN, REF_CLOSE = "\ue002", "\ue003"  # private-use characters, like the block markers
REF_MARKER = re.compile(f"{REF_OPEN}(\\d+){REF_CLOSE}")


@dataclass(frozen=True)
class Reference:
    id: int
    label: str  # "表" or "图"
    name: str  # the table's or figure's name in the workbook
    template: str


@dataclass
class Bookmarks:
    """Bookmark names and ids unique in one document."""

    document: object
    targets: dict[tuple[str, str], str] = field(default_factory=dict)  # (label, name) -> bookmark
    _next_id: int | None = None

    def around(self, label: str, name: str, runs: list) -> list:
        """`runs` wrapped in a new bookmark, remembered as the target of (label, name) if it is the first."""
        if self._next_id is None:
            ids = [int(v) for v in self.document.element.body.xpath("//w:bookmarkStart/@w:id") if v.isdigit()]
            self._next_id = max(ids, default=0) + 1
        bookmark_id, self._next_id = self._next_id, self._next_id + 1
        bookmark = f"_RefRG{bookmark_id}"  # a leading underscore hides it in Word's bookmark list
        self.targets.setdefault((label, name), bookmark)
        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), str(bookmark_id))
        start.set(qn("w:name"), bookmark)
        end.set(qn("w:id"), str(bookmark_id))
        return [start, *runs, end]


def numbers_in_order(requests) -> dict[tuple[str, str], int]:
    """The number each table and figure has in the whole report: its first place in request order."""
    counts: dict[str, int] = {}
    numbers: dict[tuple[str, str], int] = {}
    for request in requests:
        label = "表" if request.kind == "表格" else "图"
        for name in request.names:
            counts[label] = counts.get(label, 0) + 1
            numbers.setdefault((label, name), counts[label])
    return numbers


def resolve_references(document, references: list[Reference], targets: dict[tuple[str, str], str],
                       numbers: dict[tuple[str, str], int]) -> None:
    """Replace every reference marker with a REF field (or plain text when its target is absent)."""
    for t in list(document.element.body.iter(qn("w:t"))):
        text = t.text or ""
        if REF_OPEN not in text:
            continue
        run = t.getparent()
        rpr = run.find(qn("w:rPr"))
        pieces, position = [], 0
        for match in REF_MARKER.finditer(text):
            pieces.append(text_run(text[position:match.start()], rpr))
            reference = references[int(match.group(1))]
            key = (reference.label, reference.name)
            shown = f"{reference.label} {numbers[key]}"
            if key in targets:
                pieces += field_runs(f"REF {targets[key]} \\h", shown, rpr)
            else:
                pieces.append(text_run(shown, rpr))
            position = match.end()
        pieces.append(text_run(text[position:], rpr))
        # The marker's own run may hold other children (tabs, breaks): split it around this w:t.
        before = copy.deepcopy(run)
        after = copy.deepcopy(run)
        index = list(run).index(t)
        for child in list(before)[index:]:
            before.remove(child)
        for child in list(after)[:index + 1]:
            if child.tag != qn("w:rPr"):
                after.remove(child)
        for element in (before, *[p for p in pieces if _has_text(p)], after):
            run.addprevious(element)
        run.getparent().remove(run)
        for empty in (before, after):
            if not [c for c in empty if c.tag != qn("w:rPr")]:
                empty.getparent().remove(empty)


def _has_text(run) -> bool:
    texts = run.findall(qn("w:t"))
    return not texts or any(t.text for t in texts)
