"""Rendering: each Word template filled in with the workbook's values, in a Jinja sandbox.

`template` opens a template and checks its tags in every story; `jinja` renders it, leaving markers
where tables, figures, references and lists go; `filters` print numbers and dates the official way and
`sheet_lists` gives `列表()` a sheet's rows.  `provenance` marks what each `{{ }}` printed, for `revise`.
"""
