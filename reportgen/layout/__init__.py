"""Laying out: where LibreOffice breaks the pages, which Word alone would otherwise know.

`passes` runs the layout passes (the draft exported to PDF with probe bookmarks) in the one
LibreOffice `office` starts for a build, each remembered by `pass_cache`; `kept_office` leaves that
office running for the next build, under an `office_keeper` that ends it once idle; `office_process`
makes sure no other office outlives reportgen; `export` writes the PDF and page previews of `reportgen pdf`;
`font_substitutes` sets the official fonts that are not installed in the closest free faces.
"""
