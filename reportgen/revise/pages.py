"""On which page of the draft's PDF a paragraph stands, for telling editors where to look.

The PDF is the one `reportgen pdf` writes beside the draft.  Its text is read with poppler's
`pdftotext` (pages end in a form feed) and a paragraph is found by its first characters, spaces
ignored.  Without the PDF or pdftotext, no page is given.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from docx.oxml.ns import qn

from reportgen.oxml.text import text_of

_SPACE = re.compile(r"\s+")
PROBE = 16  # characters of a paragraph's start: enough to tell most paragraphs apart


class Pages:
    def __init__(self, pdf: Path, draft: Path):
        self.pdf = pdf
        self.older = pdf.stat().st_mtime < draft.stat().st_mtime  # made before the editors' last save
        result = subprocess.run([shutil.which("pdftotext") or "pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                                capture_output=True, timeout=120)
        text = result.stdout.decode("utf-8", "replace") if result.returncode == 0 else ""
        self._pages = [_SPACE.sub("", page) for page in text.split("\f")]

    @classmethod
    def of(cls, draft: Path) -> "Pages | None":
        """The pages of the PDF beside `draft`, when there is one and it can be read."""
        pdf = draft.with_suffix(".pdf")
        if not pdf.is_file() or shutil.which("pdftotext") is None:
            return None
        try:
            return cls(pdf, draft)
        except (OSError, subprocess.SubprocessError):
            return None

    def page(self, element) -> int | None:
        """The page of the paragraph (or table row) holding `element`; None when not found."""
        while element is not None and element.tag not in (qn("w:p"), qn("w:tr")):
            element = element.getparent()
        if element is None:
            return None
        probe = _SPACE.sub("", text_of(element))[:PROBE]
        if len(probe) < 2:
            return None
        return next((number for number, page in enumerate(self._pages, 1) if probe in page), None)
