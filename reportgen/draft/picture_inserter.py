"""Adding pictures to a document in constant time each.

python-docx's `add_picture` hashes every image already in the package to find
a duplicate, and scans the whole document for a free shape id: quadratic in
the number of pictures.  `PictureInserter` keeps both indexes itself, so a
report with hundreds of photos builds in linear time.
"""

from __future__ import annotations

import hashlib
import re

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.shared import Emu

from reportgen.oxml import drawing

CONTENT_TYPES = {"JPEG": ("image/jpeg", "jpeg"), "PNG": ("image/png", "png")}
_MEDIA_NUMBER = re.compile(r"^/word/media/image(\d+)\.\w+$")


class PictureInserter:
    def __init__(self, document):
        self.part = document.part
        package = self.part.package
        numbers = [int(m.group(1)) for p in package.iter_parts() if (m := _MEDIA_NUMBER.match(p.partname))]
        self._next_image = max(numbers, default=0) + 1
        self._next_shape_id = max(drawing.used_shape_ids(document.element.body), default=0) + 1
        self._rid_by_digest: dict[str, str] = {}

    def next_shape_id(self) -> int:
        """A drawing id unique in the document (charts take theirs from here too)."""
        shape_id = self._next_shape_id
        self._next_shape_id += 1
        return shape_id

    def _relate(self, blob: bytes, fmt: str) -> str:
        digest = hashlib.sha1(blob).hexdigest()
        if digest not in self._rid_by_digest:
            content_type, extension = CONTENT_TYPES[fmt]
            partname = PackURI(f"/word/media/image{self._next_image}.{extension}")
            self._next_image += 1
            image_part = ImagePart(partname, content_type, blob)
            self._rid_by_digest[digest] = self.part.relate_to(image_part, RT.IMAGE)
        return self._rid_by_digest[digest]

    def add(self, run, blob: bytes, fmt: str, width: int, height: int, name: str, description: str) -> None:
        """Append the picture `blob` ("JPEG" or "PNG") to `run` at `width` x `height` EMU, with
        `description` as its alternative text (what a screen reader says)."""
        shape_id = self.next_shape_id()
        inline = CT_Inline.new_pic_inline(shape_id, self._relate(blob, fmt), name, Emu(width), Emu(height))
        inline.docPr.set("descr", description)
        run._r.add_drawing(inline)


