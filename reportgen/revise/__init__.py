"""Keeping a draft that editors revise in step with its data: `reportgen compare` and `reportgen update`.

`draft` reads the edited draft; `compare` renders the templates again with the current workbook and
finds where the draft differs, through `values` (what `{{ }}` tags print, by their marks or, when those
are lost, by their text: `aligned`), `blocks` (tables and charts) and `numbering` (captions,
cross-references, lists of figures).  Each `difference.Difference` carries how to put it right;
`update` applies them as tracked revisions, lays the 目录 out again (`contents_pages`) and writes the
draft in place.  `listing` words what both print; `pages` finds a difference's page in the PDF.
"""
