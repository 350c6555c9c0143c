"""Writing the .docx package.

python-docx deflates every part, pictures included.  JPEG and PNG data are
already compressed: deflating them saves nothing and was most of the time a
draft with photos took to write.  `save` writes the same package as
`Document.save`, with pictures stored as they are.
"""

from __future__ import annotations

import io
import zipfile

from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.part import XmlPart
from lxml import etree

try:  # python-docx's [Content_Types].xml builder: private, so a later release may move it
    from docx.opc.pkgwriter import _ContentTypesItem
except ImportError:  # pragma: no cover - then python-docx's own save, pictures deflated
    _ContentTypesItem = None


def _tiny(content_type: str) -> bytes | None:
    """A 1 × 1 picture of the same format, or None for a format kept as it is."""
    kind = {"image/jpeg": "JPEG", "image/png": "PNG"}.get(content_type)
    if kind is None:
        return None
    from PIL import Image

    blob = io.BytesIO()
    Image.new("RGB", (1, 1), "white").save(blob, kind)
    return blob.getvalue()


def _streamable(part) -> bool:
    """An XML part whose blob is its element serialised as python-docx does (`serialize_part_xml`)."""
    return isinstance(part, XmlPart) and type(part).blob is XmlPart.blob


def save(document, file, *, layout_only: bool = False) -> None:
    """Write `document` to `file` (a path or a binary stream).

    `layout_only` writes a copy for laying out only: every JPEG and PNG replaced by a 1 × 1 one
    (a picture's placed size is in the document, so pages break the same) and nothing deflated,
    which makes both writing it and LibreOffice's reading it much faster.
    """
    if _ContentTypesItem is None:
        document.save(file)
        return
    package = document.part.package
    parts = list(package.iter_parts())
    tiny = {}
    with zipfile.ZipFile(file, "w", zipfile.ZIP_STORED if layout_only else zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob)
        archive.writestr(PACKAGE_URI.rels_uri.membername, package.rels.xml)
        for part in parts:
            if _streamable(part):  # a long table's document.xml is tens of megabytes: not held as bytes too
                with archive.open(part.partname.membername, "w") as entry:
                    etree.ElementTree(part.element).write(entry, encoding="UTF-8", standalone=True)
                if len(part.rels):
                    archive.writestr(part.partname.rels_uri.membername, part.rels.xml)
                continue
            blob = part.blob
            stored = part.content_type.startswith("image/")
            if stored and layout_only:
                if part.content_type not in tiny:
                    tiny[part.content_type] = _tiny(part.content_type)
                blob = tiny[part.content_type] or blob
            archive.writestr(part.partname.membername, blob,
                             compress_type=zipfile.ZIP_STORED if stored else None)
            if len(part.rels):
                archive.writestr(part.partname.rels_uri.membername, part.rels.xml)
