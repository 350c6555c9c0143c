"""The 目录's page numbers after `update`, from a LibreOffice layout pass over the draft as it reads once
its revisions are accepted.

Each 目录 (and list of figures or tables) entry ends in a PAGEREF field to the bookmark on its heading or
caption.  The updated draft is saved to memory, opened again with every revision accepted (what the
published report will be), and laid out (`passes.measure`); each bookmarked paragraph's printed page
number is then written into the PAGEREF fields naming it.  Word updates these fields itself
(右击目录 → 更新域), by its own layout; LibreOffice's is close to it, not the same.
"""

from __future__ import annotations

import io

import docx

from reportgen.draft.word_package import set_font_table
from reportgen.layout.passes import measure
from reportgen.oxml import bookmark as oxml_bookmark
from reportgen.oxml import package
from reportgen.oxml.fields import Field
from reportgen.oxml.paragraph import is_paragraph
from reportgen.oxml.revisions import accept_revisions
from reportgen.oxml.text import text_of


def new_pages(document, fields: dict[str, list], profile, cache=None) -> list[tuple[Field, str, str]]:
    """(PAGEREF field, page it shows, page it should show) for each of `fields` (`page_references` of the
    document) whose page changed; raises
    `passes.LayoutUnavailable` when LibreOffice cannot lay the draft out.  The profile's fonts are
    named in the copy laid out: a LibreOffice save drops the Chinese ones from the font table."""
    stream = io.BytesIO()
    package.save(document, stream)
    accepted = docx.Document(io.BytesIO(stream.getvalue()))
    accept_revisions(accepted.element.body)
    set_font_table(accepted, profile)
    targets: dict = {}
    for start in oxml_bookmark.starts(accepted.element.body):
        name = oxml_bookmark.name_of(start)
        paragraph = start.getparent()
        if name in fields and is_paragraph(paragraph):
            targets.setdefault(name, paragraph)
    if not targets:
        return []
    pages = measure(accepted, list(targets.values()), cache=cache)
    changed = []
    for name, paragraph in targets.items():
        label = pages.label(paragraph)
        for field in fields[name]:
            shown = "".join(text_of(run) for run in field.result_runs)
            if label is not None and shown != label:
                changed.append((field, shown, label))
    return changed

