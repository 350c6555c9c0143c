"""The 公文's page rules a layout pass checks (`layout.passes.lay_out`): the 版头 and 主送机关 on the first
page, and the 署名 and 成文日期 never alone on a page (GB/T 9704-2012 7.3.5.4).  Each is a `PagePart`, the interface
the pass drives (the 版记's own is `colophon.Colophon`)."""

from __future__ import annotations

from docx.shared import Pt
from docx.text.paragraph import Paragraph

from reportgen.oxml.section import keep_with, last_paragraph
from reportgen.project.profile import Profile


class PagePart:
    """A part of the draft a layout pass places or checks (`layout.passes.lay_out`); by default it
    asks about nothing, moves nothing and reports nothing."""

    def after_insertion(self) -> None:
        """Once the tables and figures are in the draft."""

    def probes(self) -> list:
        return []

    def end_probes(self) -> list:
        return []

    def settle(self, pages) -> bool:
        return False

    def without_layout(self) -> None:
        """Where it holds when no pass can check it."""

    def blank_pages(self, pages) -> int:
        return 0

    def report(self, pages, problems) -> None:
        pass


class HeadPage(PagePart):
    """The 版头 and the 主送机关 on the first page (a 标志 or a title too large would push them on)."""

    def __init__(self, recipients):
        self.recipients = recipients

    def probes(self) -> list:
        return [self.recipients]

    def report(self, pages, problems) -> None:
        page = pages.page(self.recipients)
        if page is not None and page > 0:
            problems.warning("reportgen.toml [gongwen]", f"版头和标题占满了第一页，主送机关排到了第 {page + 1} 页",
                             "缩短发文机关标志（issuer_mark）或标题（title）；标题可用 \\n 分成两三行")


class SignaturePage(PagePart):
    """7.3.5.4: the 署名 and 成文日期 never alone on a page.  They keep with what comes before them (the
    附件说明, the text's last paragraph); where the page still breaks between them, the space above
    the 署名 (left for the seal) goes, and a page that still holds only them is reported."""

    def __init__(self, name, sealed: bool, profile: Profile):
        self.name, self.sealed, self.profile = name, sealed, profile
        self.text_end, self.tightened = None, False

    def after_insertion(self) -> None:
        """What comes before the 署名, now that tables are in (a table's note, or its last cell), keeps
        with it like a paragraph of text does."""
        self.text_end = last_paragraph(self.name.getprevious())
        if self.text_end is not None:
            keep_with(self.text_end, self.name)

    def probes(self) -> list:
        return [self.name]

    def end_probes(self) -> list:
        return [self.text_end] if self.text_end is not None else []

    def _alone(self, pages) -> bool:
        end = pages.end(self.text_end) if self.text_end is not None else None
        return end is not None and pages.page(self.name) not in (None, end[0])

    def settle(self, pages) -> bool:
        if self.tightened or not self._alone(pages):
            return False
        self.tightened = True
        Paragraph(self.name, None).paragraph_format.space_before = Pt(0)  # type: ignore[arg-type]  # no story needed
        return True

    def report(self, pages, problems) -> None:
        page = pages.label(self.name) or "?"
        if self._alone(pages):
            problems.warning("署名和成文日期", f"发文机关署名和成文日期单独排在第 {page} 页，前面没有正文"
                             "（GB/T 9704 7.3.5.4 不允许）；已去掉署名上方留给印章的空行，仍放不下",
                             "删减正文最后几段的字句，或把正文末尾的表格、插图移到前面，使正文最后一行与署名同页")
        elif self.tightened and self.sealed:
            problems.warning("署名和成文日期", f"为使第 {page} 页的署名和成文日期不单独成页，去掉了署名上方留给印章的空行，"
                             "印章会压住上面一行文字", "删减正文最后几段的字句，留出盖章的位置；或盖章时注意印章的位置")
