"""Laying out: where LibreOffice breaks the pages, which Word alone would otherwise know.

`passes` runs the layout passes (the draft exported to PDF with probe bookmarks) in the one
LibreOffice `office` starts for a build, each remembered by `pass_cache`; `office_process` makes sure
no office outlives reportgen; `export` writes the PDF and page previews of `reportgen pdf`;
`font_substitutes` sets the official fonts that are not installed in the closest free faces.
"""
