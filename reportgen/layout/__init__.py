"""Laying out: where LibreOffice breaks the pages, which Word alone would otherwise know.

`passes` runs a layout pass (the draft exported to PDF with probe bookmarks), remembered by
`pass_cache`; `export` writes the PDF and page previews of `reportgen pdf`; `font_substitutes` sets
the official fonts that are not installed in the closest free faces.
"""
