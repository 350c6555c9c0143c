"""`reportgen update`: the workbook's current values written into a draft the editors revised, in place.

Every difference `compare` finds that can be put right is: a value in the text, a table cell, a caption
number, a cross-reference.  Each change is a tracked revision by "reportgen" (the old text deleted, the
new inserted), for the office to accept or reject in Word's 审阅 pane; `track=False` writes plainly.
Nothing else in the draft is touched: every sentence the editors wrote stays.  A dated backup of the
draft is kept first, and the record of its values follows the draft.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.check import CACHE_FOLDER
from reportgen.draft import record
from reportgen.layout import kept_office
from reportgen.layout.pass_cache import LayoutCache
from reportgen.layout.passes import LayoutUnavailable
from reportgen.output import write_revised
from reportgen.oxml.revisions import Reviser
from reportgen.oxml.text import text_of
from reportgen.oxml.tidy import tidy
from reportgen.oxml.toc import page_references
from reportgen.project.config import Project
from reportgen.revise.compare import compare
from reportgen.revise.contents_pages import new_pages
from reportgen.revise.difference import Comparison, Difference

AUTHOR = "reportgen"


@dataclass
class Updated:
    comparison: Comparison
    changed: list[Difference] = field(default_factory=list)  # the differences put right
    left: list[Difference] = field(default_factory=list)  # those only the editors can settle
    pages: list[tuple[str, str, str]] = field(default_factory=list)  # 目录 entries: (entry, old page, new page)
    pages_unavailable: str = ""  # why the 目录's page numbers could not be laid out
    has_contents: bool = False  # the draft has a 目录 (or list) with page numbers
    pages_laid_out: bool = False  # a layout pass was asked for the 目录's page numbers
    backup: Path | None = None
    record_only: bool = False  # only the draft's record was brought up to date: editors and workbook agree

    @property
    def path(self) -> Path:
        return self.comparison.draft.path


def update(project: Project, path: Path, *, track: bool = True, pages: bool | None = None) -> Updated:
    """Bring the draft at `path` in step with the workbook; raise `ProjectError` when it cannot be done.
    `pages`: lay the updated draft out with LibreOffice and write the 目录's page numbers too (None: when
    anything else changed; a draft in step is left as it is)."""
    if pages is not False:
        kept_office.warm_up()  # the office the 目录's pages may need starts while the draft is compared
    comparison = compare(project, path)
    result = Updated(comparison)
    draft = comparison.draft
    date = dt.datetime.now().replace(microsecond=0).isoformat()  # local time, as Word writes it
    reviser = Reviser(draft.document, AUTHOR, date, track)
    for difference in comparison.differences:
        if difference.apply is None:
            result.left.append(difference)
        else:
            difference.apply(reviser)
            result.changed.append(difference)
    fields = page_references(draft.body)
    result.has_contents = bool(fields)
    if pages is None:
        pages = bool(result.changed)
    result.pages_laid_out = pages
    if pages and result.has_contents:
        try:
            moved = new_pages(draft.document, fields, project.profile,
                              LayoutCache(project.output_dir / CACHE_FOLDER / "layout"))
        except LayoutUnavailable as exc:
            result.pages_unavailable = str(exc)
        else:
            for page_field, shown, label in moved:  # page numbers are layout, not data: written plainly
                entry = text_of(page_field.result_runs[0].getparent())
                entry = entry[:len(entry) - len(shown)] if shown and entry.endswith(shown) else entry
                page_field.set_result(label)
                result.pages.append((entry.strip(), shown, label))
    record_changed = not comparison.aligned and record.canonical(comparison.record) != comparison.read_record
    if not result.changed and not result.pages and not record_changed:
        return result
    tidy(draft.document)  # what LibreOffice, if it saved the draft, wrote against the schema
    if not comparison.aligned:  # the record follows the draft; one that no longer fits it is left as it was
        record.embed(draft.document, comparison.record)
    result.record_only = not result.changed and not result.pages
    result.backup = write_revised(draft.document, path)
    return result
