"""Captions in the official form, "表 1 标题" or "图2-3 标题", numbered by Word SEQ fields.

`caption` builds the paragraph; `number_captions` runs once over the finished
document and writes each SEQ field's cached result, so numbers run in
document order however sections were arranged.  Three kinds are numbered
apart: 表 and 图 (through the document, or by chapter) and 附表 (always
through the document: 附表1 … 附表6).

By chapter, the chapter number is text and the sequence restarts with `\\r 1`
at each chapter's first caption of a kind (LibreOffice ignores Word's
chapter reset `\\s 1`, which the field carries too, but honours `\\r`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from docx.text.paragraph import Paragraph

from reportgen.data.report_data import TABLE_KINDS
from reportgen.draft.styles import CAPTION, HEADINGS, style_id, style_id_or_none
from reportgen.oxml.fields import (
    Field,
    field_runs,
    iter_fields,
    number_runs,
    styled_or_fielded,
    text_run,
)
from reportgen.oxml.paragraph import new_paragraph
from reportgen.oxml.revisions import is_hidden
from reportgen.project.profile import Profile

TABLE_LABEL, APPENDIX_LABEL, ATTACHMENT_LABEL = TABLE_KINDS


@dataclass(frozen=True)
class Scheme:
    """How caption numbers look: "图 1" through the document, or "图1-1" by chapter."""

    by_chapter: bool = False
    separator: str = "-"
    label_space: bool = True
    unnumbered: frozenset = frozenset()  # labels printed without a number: a 公文's only 附件 (9704 7.3.7)

    @classmethod
    def of(cls, profile: Profile, attachments: int = 0) -> "Scheme":
        """The profile's scheme; a 公文 with one 附件 (`attachments`) heads it "附件", unnumbered."""
        return cls(profile.caption_numbering == "chapter", profile.caption_separator, profile.caption_label_space,
                   frozenset({ATTACHMENT_LABEL}) if attachments == 1 else frozenset())

    def per_chapter(self, label: str) -> bool:
        return self.by_chapter and label not in (APPENDIX_LABEL, ATTACHMENT_LABEL)

    def label_text(self, label: str) -> str:
        """"图 " or "图"; "附件" always without a space (附件1, GB/T 9704 7.3.7)."""
        return label + (" " if self.label_space and label != ATTACHMENT_LABEL else "")

    def prefix(self, label: str, chapter: int) -> str:
        return f"{chapter}{self.separator}" if self.per_chapter(label) else ""

    def shown(self, label: str, chapter: int, number: int) -> str:
        """"图 3" or "图2-3", as the caption and every reference print it."""
        if label in self.unnumbered:
            return label
        return self.label_text(label) + self.prefix(label, chapter) + str(number)

    def instruction(self, label: str) -> str:
        return f"SEQ {label} \\* ARABIC" + (" \\s 1" if self.per_chapter(label) else "")


def caption(document, label: str, title: str, scheme: Scheme, chapter: int, *, bookmark=None,
            keep_with_next: bool = False, style: str = CAPTION):
    """A new caption paragraph element "label N title" (N filled in by `number_captions`).

    `chapter` is the number of the chapter it stands in (for numbers by chapter);
    `bookmark(runs)` may wrap the label and number in a bookmark, for cross-references.
    """
    p = new_paragraph(style_id(document, style))
    paragraph = Paragraph(p, document._body)
    paragraph.paragraph_format.keep_with_next = keep_with_next or None
    number = number_runs(label) if label in scheme.unnumbered else [
        *number_runs(scheme.label_text(label) + scheme.prefix(label, chapter)), *field_runs(scheme.instruction(label), "0")]
    for element in (bookmark(number) if bookmark else number):
        p.append(element)
    if title:
        p.append(text_run(f" {title}"))
    return p


def chapter_heading_id(document) -> str | None:
    """The style id of the headings that start chapters (Heading 1); None in a template without it."""
    return style_id_or_none(document, HEADINGS[0])


def number_captions(document, scheme: Scheme, first_numbers: dict[str, int] | None = None) -> None:
    """Write the cached result of every SEQ field in document order (`planned_numbers`)."""
    for planned in planned_numbers(document, scheme, first_numbers):
        if planned.instruction is not None:
            planned.field.set_instruction(planned.instruction)
        planned.field.set_result(str(planned.number))


@dataclass(frozen=True)
class PlannedNumber:
    field: Field  # a SEQ field
    label: str
    number: int  # what it should show
    chapter: int  # the chapter it stands in
    instruction: str | None = None  # the instruction it needs, when not the one it has


def planned_numbers(document, scheme: Scheme, first_numbers: dict[str, int] | None = None, *,
                    anew: bool = False) -> list[PlannedNumber]:
    """Every SEQ field of the body in document order with the number it should show; nothing is changed.

    `first_numbers` starts a label's sequence later (a section built alone keeps
    the numbers it has in the whole report): its first field needs a `\r` reset.
    Numbered by chapter, a label restarts at each chapter heading.  `anew`: the
    fields' own `\r` resets are set again from where they stand now (a draft whose
    editors moved or deleted captions).
    """
    counts: Counter = Counter()
    pending = dict(first_numbers or {})
    chapter_style = chapter_heading_id(document)
    chapter_of_last: dict[str, int] = {}
    planned: list[PlannedNumber] = []
    chapter = 0
    # Only chapter headings and paragraphs holding fields matter: found by XPath, not by visiting every
    # paragraph of every table cell through python-docx (seconds for a 10,000-row table).
    for p in styled_or_fielded(document.element.body, chapter_style):
        if p.style == chapter_style:
            chapter += 1
        for field in iter_fields(p):
            if field.kind != "SEQ" or not field.argument or (field.begin is not None and is_hidden(field.begin)):
                continue  # a caption deleted with 修订 on is gone once the office accepts the revisions
            label = field.argument
            has = field.instruction.strip()
            base = _RESET.sub("", has) if anew else has
            if scheme.per_chapter(label) and chapter_of_last.get(label) != chapter:
                pending[label] = 1  # a new chapter: this label starts again at 1
            chapter_of_last[label] = chapter
            needed = base
            if label in pending and (pending[label] > 1 or scheme.per_chapter(label)) and "\\r" not in base.split():
                needed = f"{base} \\r {pending[label]}"
            pending.pop(label, None)
            switches = needed.split()
            if "\\r" in switches:
                index = switches.index("\\r")
                if index + 1 < len(switches) and switches[index + 1].isdigit():
                    counts[label] = int(switches[index + 1]) - 1
            if "\\c" not in switches:
                counts[label] += 1
            planned.append(PlannedNumber(field, label, counts[label], chapter, None if needed == has else needed))
    return planned


_RESET = re.compile(r"\s+\\r\s+\d+")
