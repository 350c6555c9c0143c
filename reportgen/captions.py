"""Captions in the official form, "表 1 标题", numbered by Word SEQ fields.

`caption` builds the paragraph; `number_captions` runs once over the finished
document and writes each SEQ field's cached result, so numbers run through the
whole document in document order however sections were arranged.
"""

from __future__ import annotations

from collections import Counter

from docx.oxml import OxmlElement
from docx.text.paragraph import Paragraph

from reportgen.oxml.fields import field_runs, iter_fields, text_run
from reportgen.styles import CAPTION, style_id

TABLE_LABEL, FIGURE_LABEL = "表", "图"


def caption(document, label: str, title: str, *, bookmark=None, keep_with_next: bool = False):
    """A new caption paragraph element "label N title" (N filled in by `number_captions`).

    `bookmark(runs)` may wrap the label and number in a bookmark, for cross-references.
    """
    p = OxmlElement("w:p")
    paragraph = Paragraph(p, document._body)
    p.style = style_id(document, CAPTION)
    paragraph.paragraph_format.keep_with_next = keep_with_next or None
    number = [text_run(f"{label} "), *field_runs(f"SEQ {label} \\* ARABIC", "0")]
    for element in (bookmark(number) if bookmark else number):
        p.append(element)
    p.append(text_run(f" {title}"))
    return p


def number_captions(document, first_numbers: dict[str, int] | None = None) -> Counter:
    """Write the cached result of every SEQ field in document order; return counts per label.

    `first_numbers` starts a label's sequence later (a section built alone keeps
    the numbers it has in the whole report): its first field gets a `\\r` reset.
    """
    counts: Counter = Counter()
    pending = dict(first_numbers or {})
    for field in iter_fields(document.element.body):
        if field.kind != "SEQ" or not field.argument:
            continue
        label = field.argument
        if pending.get(label, 1) > 1 and "\\r" not in field.instruction:
            field.set_instruction(f"{field.instruction.strip()} \\r {pending.pop(label)}")
        switches = field.instruction.split()
        if "\\r" in switches:
            index = switches.index("\\r")
            if index + 1 < len(switches) and switches[index + 1].isdigit():
                counts[label] = int(switches[index + 1]) - 1
        if "\\c" not in switches:
            counts[label] += 1
        field.set_result(str(counts[label]))
    return counts
