"""Inline drawings (pictures and charts): their placed size."""

from __future__ import annotations

import contextlib
import io
import re
from collections import Counter

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
            named = inline.find(qn("wp:docPr"))
            width, height = extent(inline)
            stand_in = CT_Inline.new_pic_inline(int(named.get("id")), rid, named.get("name"), Emu(width), Emu(height))
            graphic = inline.find(qn("a:graphic"))
            inline.replace(graphic, stand_in.find(qn("a:graphic")))
            swapped.append((inline, graphic))
        yield
    finally:
        for inline, graphic in swapped:
            inline.replace(inline.find(qn("a:graphic")), graphic)
        part.drop_rel(rid)


# A saved main part, as `package.save` writes it: each inline drawing whole, its frame and picture sizes
# (`set_extent`) and its name.
_INLINE = re.compile(rb"<wp:inline\b.*?</wp:inline>", re.S)
_SIZE = re.compile(rb'<(?:wp:extent|a:ext) cx="(\d+)" cy="(\d+)"/>')
_NAME = re.compile(rb'<wp:docPr\b[^>]*?\bname="([^"&<]*)"')


def resized_pictures(before: bytes, after: bytes) -> dict[str, tuple[tuple[int, int], tuple[int, int]]] | None:
    """What differs between two saved main parts (`word/document.xml`) when only pictures' placed sizes
    do: {picture's name: (size before, size after)}, in EMU.  None when anything else differs, or a
    drawing that changed is a chart, is sized unlike its frame, or has no name of its own."""
    (skeleton, old), (now_skeleton, new) = _sized_drawings(before), _sized_drawings(after)
    if now_skeleton != skeleton:
        return None
    names = Counter(name for name, _, _ in new)
    changed = {}
    for (name, picture, was), (_, _, now) in zip(old, new):
        if was == now:
            continue
        if not picture or name is None or names[name] > 1 or len(set(now)) != 1 or len(set(was)) != 1:
            return None
        changed[name] = (was[0], now[0])
    return changed


def _sized_drawings(xml: bytes) -> tuple[bytes, list[tuple[str | None, bool, tuple]]]:
    """`xml` with its inline drawings' sizes left out, and each drawing's name, whether it is a picture,
    and its sizes."""
    skeleton, drawings, last = [], [], 0
    for inline in _INLINE.finditer(xml):
        chunk = inline.group()
        skeleton += [xml[last:inline.start()], _SIZE.sub(b"<size/>", chunk)]
        named = _NAME.search(chunk)
        sizes = tuple((int(cx), int(cy)) for cx, cy in _SIZE.findall(chunk))
        drawings.append((named.group(1).decode() if named else None, b"<pic:pic" in chunk, sizes))
        last = inline.end()
    skeleton.append(xml[last:])
    return b"".join(skeleton), drawings
