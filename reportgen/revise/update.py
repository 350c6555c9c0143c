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

from reportgen import provenance
from reportgen.check import CACHE_FOLDER
from reportgen.output import write_revised
from reportgen.oxml.revisions import Reviser
from reportgen.project import Project
from reportgen.revise.compare import Comparison, Difference, compare

AUTHOR = "reportgen"


@dataclass
class Updated:
    comparison: Comparison
    changed: list[Difference] = field(default_factory=list)  # the differences put right
    left: list[Difference] = field(default_factory=list)  # those only the editors can settle
    backup: Path | None = None


def update(project: Project, path: Path, *, track: bool = True) -> Updated:
    """Bring the draft at `path` in step with the workbook; raise `ProjectError` when it cannot be done."""
    comparison = compare(project, path)
    result = Updated(comparison)
    draft = comparison.draft
    date = dt.datetime.now().replace(microsecond=0).isoformat()  # local time, as Word writes it
    reviser = Reviser(draft.body, AUTHOR, date, track)
    for difference in comparison.differences:
        if difference.apply is None:
            result.left.append(difference)
        else:
            difference.apply(reviser)
            result.changed.append(difference)
    for plan in comparison.renumbered:  # the caption fields' restarts, for when Word updates them
        plan.field.set_instruction(plan.instruction)
    if not result.changed and not comparison.renumbered:
        return result
    result.backup = write_revised(draft.document, path)
    if not comparison.aligned:  # a record that no longer fits the draft is not kept up to date
        provenance.write_record(provenance.record_path(project.output_dir / CACHE_FOLDER, path), comparison.record)
    return result
