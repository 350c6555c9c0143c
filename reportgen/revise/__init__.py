"""Keeping a draft that editors revise in step with its data: `reportgen compare` and `reportgen update`.

`draft` reads the edited draft (its value bookmarks, tables, captions and
cross-references, and where each stands); `compare` finds where it differs
from what the current workbook gives, each difference with how to put it
right; `update` applies them as tracked revisions and writes the draft in place.
"""
