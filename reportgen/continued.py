"""续表: a table that runs over a page continues under "续表 N", its header repeated (GB/T 7713.3 5.3.2).

The layout pass tells on which page each row of a long table starts.  Where
the rows first run onto a new page, the table is split: the rest moves into a
continuation table that starts a new page and opens with header rows Word
and LibreOffice repeat at the top of every page it covers — a borderless
"续表 N" line (N a REF field to the table's caption number, so it follows
when the number changes) and copies of the table's own header rows.  One
split per table thus marks every page it continues on.  When what comes
before the table moves, the next pass moves the split.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportgen.oxml import table as oxml_table
from reportgen.oxml.fields import field_runs, text_run
from reportgen.oxml.paragraph import page_break_paragraph

CONTINUED = "续"


@dataclass
class LongTable:
    """A table from the workbook long enough to run over a page."""

    tbl: object  # the w:tbl, which keeps the rows on the table's first page once split
    header_rows: int
    bookmark: str  # the bookmark around the caption's label and number ("表1-2")
    number_runs: list  # the runs in that bookmark, which show the number once captions are numbered
    caption_style: str  # style id for the "续表 N" line
    continuation: object = None  # the w:tbl holding the rest, once split

    def probes(self) -> list:
        """The paragraphs whose pages tell where the first part breaks: one per data row."""
        return [next(tr.iter(qn("w:p"))) for tr in self.tbl.findall(qn("w:tr"))[self.header_rows:]]

    def settle(self, layout) -> bool:
        """Split the table where its first part runs onto a new page; return whether anything moved."""
        rows = self.tbl.findall(qn("w:tr"))
        pages = [layout.page(p) for p in self.probes()]
        if not pages or None in pages:
            return False
        breaking = next((i for i, page in enumerate(pages) if page != pages[0]), None)
        if breaking is None:
            return False
        split = self.header_rows + breaking
        if self.continuation is None:
            self._start_continuation(rows)
        first_moved_to = self.continuation.findall(qn("w:tr"))[1 + self.header_rows:]
        anchor = first_moved_to[0] if first_moved_to else None
        for tr in rows[split:]:
            if anchor is not None:
                anchor.addprevious(tr)
            else:
                self.continuation.append(tr)
        oxml_table.restart_merges(rows[split], rows[:split])  # a merged cell cut in two shows on both pages
        return True

    def _start_continuation(self, rows) -> None:
        """An empty continuation after the table, on a new page: the "续表 N" line and the header."""
        continuation = OxmlElement("w:tbl")
        for tag in ("w:tblPr", "w:tblGrid"):
            continuation.append(copy.deepcopy(self.tbl.find(qn(tag))))
        label = OxmlElement("w:p")
        label.get_or_add_pPr().style = self.caption_style
        number = "".join(t.text or "" for run in self.number_runs for t in run.iter(qn("w:t")))
        for run in (text_run(CONTINUED), *field_runs(f"REF {self.bookmark} \\h", number)):
            label.append(run)
        continuation.append(oxml_table.banner_row(self.tbl, label))
        for tr in rows[:self.header_rows]:
            continuation.append(copy.deepcopy(tr))
        page_break = page_break_paragraph()  # two tables need a paragraph between them anyway
        self.tbl.addnext(page_break)
        page_break.addnext(continuation)
        self.continuation = continuation
