"""On which page of the draft's PDF a paragraph stands, for telling editors where to look.

The PDF is the one `reportgen pdf` writes beside the draft.  Its text is read with poppler's
`pdftotext` (pages end in a form feed) and a paragraph is found by its first characters or its last, spaces
ignored, and so is the part of it beside a changed value.  Without the PDF or pdftotext, no page is given.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from reportgen.oxml.element import BODY, TBL, TC, TR, P, enclosing
from reportgen.oxml.text import paragraph_of, text_of

_SPACE = re.compile(r"\s+")
PROBE = 16  # characters of a paragraph's start or end: enough to tell most paragraphs apart
MIN_PROBE = 4  # fewer characters would be found on many pages
_LEADER = "....."  # the dot leaders of a 目录 or list of figures, spaces removed
_FOLIO = re.compile(r"—([0-9IVXLCivxlc]+)—")  # the page number printed at a page's foot, spaces removed


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

    def page(self, element, changed: str | None = None) -> str | None:
        """The page of the paragraph (or table row) holding `element`, as a reader finds it: "第 4 页" by the
        number printed on it ("— 4 —"), else "PDF 第 5 页"; None when not found.  `changed`: the text the
        editors or the workbook changed in it, which the PDF may not show yet."""
        number = self._physical(element, changed)
        if number is None:
            return None
        printed = _FOLIO.findall(self._pages[number - 1])
        return f"第 {printed[-1]} 页" if printed else f"PDF 第 {number} 页"

    def _physical(self, element, changed: str | None) -> int | None:
        """The PDF page (from 1) the paragraph or table row holding `element` is found on.  A table's text
        comes out of the PDF in another order than its cells': a row is looked for cell by cell, from the
        page of the paragraph above the table (its caption) on, and is taken to be there if no cell is
        telling enough."""
        table = enclosing(element, TBL, under=BODY)
        if table is None:
            element = paragraph_of(element)
            return None if element is None else self._find(element, changed, 1)
        above, caption_page = table.getprevious(), None
        for _ in range(3):
            if above is None or above.tag != P:
                break
            caption_page = self._find(above, None, 1) if text_of(above).strip() else None
            if caption_page:
                break
            above = above.getprevious()
        row = element if element.tag == TR else enclosing(element, TR)
        for tc in row.findall(TC) if row is not None else []:
            if changed is None or _SPACE.sub("", text_of(tc)) != _SPACE.sub("", changed):
                found = self._find(tc, None, caption_page or 1)
                if found:
                    return found
        return caption_page

    def _find(self, element, changed: str | None, first: int) -> int | None:
        text = _SPACE.sub("", text_of(element))
        pieces = sorted(text.split(_SPACE.sub("", changed)) if changed else [text], key=len, reverse=True)
        for piece in pieces:
            if len(piece) < MIN_PROBE:
                break
            for probe in dict.fromkeys((piece[:PROBE], piece[-PROBE:])):
                found = [number for number, page in enumerate(self._pages, 1) if number >= first and probe in page]
                if found:  # a caption is in the list of figures too: its own page is not a list's
                    return next((number for number in found if _LEADER not in self._pages[number - 1]), found[0])
        return None
