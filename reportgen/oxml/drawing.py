"""Inline drawings (pictures and charts): their placed size."""

from __future__ import annotations

import contextlib
import io

from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.shared import Emu


def used_shape_ids(root) -> list[int]:
    """The numeric ids of the drawings (wp:docPr) in `root`'s document: a new picture needs a fresh one."""
    return [int(v) for v in root.xpath("//wp:docPr/@id") if v.isdigit()]


def inline_in(p):
    """The first inline drawing (`wp:inline`) in paragraph `p`, or None."""
    return next(p.iter(qn("wp:inline")), None)


def extent(inline) -> tuple[int, int]:
    """The drawing's placed width and height, in EMU."""
    size = inline.find(qn("wp:extent"))
    return int(size.get("cx")), int(size.get("cy"))


def set_extent(inline, width: int, height: int) -> None:
    """Place the drawing at `width` x `height` EMU: the frame, and a picture's own shape size with it
    (a chart has none; it is drawn to its frame)."""
    for size in [inline.find(qn("wp:extent")), *inline.iter(qn("a:ext"))]:
        if size is not None and size.getparent().tag in (qn("wp:inline"), qn("a:xfrm")):
            size.set("cx", str(width))
            size.set("cy", str(height))


@contextlib.contextmanager
def charts_as_pictures(part, picture: bytes):
    """While the block runs, each inline chart of `part` (a document part) is the picture `picture`
    placed at the chart's size under its name.  A copy saved meanwhile breaks its pages as with the
    charts, and LibreOffice loads it sooner: it builds a chart's model as it loads it (about 0.2 s
    each)."""
    charts = part.element.xpath("//wp:inline[a:graphic/a:graphicData/c:chart]")
    if not charts:
        yield
        return
    rid, _ = part.get_or_add_image(io.BytesIO(picture))
    swapped = []
    try:
        for inline in charts:
            width, height = extent(inline)  # its wp:docPr stays: the name LibreOffice knows it by
            stand_in = CT_Inline.new_pic_inline(0, rid, "", Emu(width), Emu(height))
            graphic = inline.find(qn("a:graphic"))
            inline.replace(graphic, stand_in.find(qn("a:graphic")))
            swapped.append((inline, graphic))
        yield
    finally:
        for inline, graphic in swapped:
            inline.replace(inline.find(qn("a:graphic")), graphic)
        part.drop_rel(rid)
