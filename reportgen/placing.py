"""What placing a table or figure in the draft needs besides its data.

`BlockContext` carries the settings, the picture cache and inserter, the
bookmarks references point at, and where in the report the block stands
(its chapter, its page orientation).  `tables.insert_table` and
`figures.insert_figure` take it; `blocks.insert_blocks` sets it for each block.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.text.paragraph import Paragraph

from reportgen import styles
from reportgen.captions import Scheme, caption
from reportgen.image_cache import ImageCache
from reportgen.pictures import PictureInserter
from reportgen.profile import Profile
from reportgen.references import Bookmarks


@dataclass
class BlockContext:
    profile: Profile
    cache: ImageCache
    pictures: PictureInserter
    bookmarks: Bookmarks
    scheme: Scheme = Scheme()
    chapter: int = 0  # the chapter the block stands in
    landscape: bool = False  # whether the block is on a landscape page
    tables: list = field(default_factory=list)  # continued.PagedTable: the tables, to mark 续表 on

    def caption(self, document, label: str, title: str, name: str, keep_with_next: bool = False):
        """A caption numbered in this context's scheme and chapter, its number bookmarked for references."""
        return caption(document, label, title, self.scheme, self.chapter, keep_with_next=keep_with_next,
                       bookmark=lambda runs: self.bookmarks.around(label, name, runs))


def paragraph_before(document, anchor, style: str, text: str = "", align=None) -> Paragraph:
    """A new paragraph in `style` right before the element `anchor`."""
    paragraph = Paragraph(anchor.makeelement(anchor.tag), document._body)
    anchor.addprevious(paragraph._p)
    paragraph._p.style = styles.style_id(document, style)
    if text:
        paragraph.add_run(text)
    if align is not None:
        paragraph.alignment = align
    return paragraph
