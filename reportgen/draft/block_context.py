"""What placing a table or figure in the draft needs besides its data.

`BlockContext` carries the settings, the picture cache and inserter and the
bookmarks references point at; a `Place` says where in the report one block
stands (its chapter, its page orientation).  `tables.insert_table` and
`figures.insert_figure` take both; `insert.insert_blocks` makes each place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.text.paragraph import Paragraph

from reportgen.data.picture_cache import ImageCache
from reportgen.draft import styles
from reportgen.draft.captions import Scheme, caption
from reportgen.draft.picture_inserter import PictureInserter
from reportgen.draft.references import Bookmarks
from reportgen.project.profile import Profile


@dataclass
class BlockContext:
    """What every table and figure is placed with."""

    profile: Profile
    cache: ImageCache
    pictures: PictureInserter
    bookmarks: Bookmarks
    scheme: Scheme = Scheme()
    _kept: set | None = field(default=None, init=False, repr=False)

    def kept_with_next(self, document) -> set[str]:
        """The ids of the styles that keep a paragraph with the next (`styles.kept_with_next_styles`),
        read once: the styles do not change while blocks go in."""
        if self._kept is None:
            self._kept = styles.kept_with_next_styles(document)
        return self._kept

    def caption(self, document, place: "Place", label: str, title: str, name: str, keep_with_next: bool = False,
                style: str = styles.CAPTION):
        """A caption numbered in this context's scheme and the block's chapter, its number bookmarked for
        references; returns the paragraph and the bookmark's name."""
        bookmark: list[str] = []
        p = caption(document, label, title, self.scheme, place.chapter, keep_with_next=keep_with_next, style=style,
                    bookmark=lambda runs: self.bookmarks.around(label, name, runs, made=bookmark))
        return p, bookmark[0]


@dataclass(frozen=True)
class Place:
    """Where one block stands: its chapter, and whether its page is landscape."""

    chapter: int = 0
    landscape: bool = False


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
