"""Writing the .docx package.

python-docx deflates every part, pictures included.  JPEG and PNG data are
already compressed: deflating them saves nothing and was most of the time a
draft with photos took to write.  `save` writes the same package as
`Document.save`, with pictures stored as they are.
"""

from __future__ import annotations

import re
import zipfile

from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from lxml import etree

from reportgen.oxml.ns import CORE_PROPERTIES, DUBLIN_CORE

try:  # python-docx's [Content_Types].xml builder: private, so a later release may move it
    from docx.opc.pkgwriter import _ContentTypesItem
except ImportError:  # pragma: no cover - then python-docx's own save, pictures deflated
    _ContentTypesItem = None  # type: ignore[assignment, misc]


# A 1 x 1 white PNG: every JPEG and PNG of the copy laid out becomes this (LibreOffice reads a picture's
# format from its bytes; its placed size is in the document).
TINY_PICTURE = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154"
                             "789c63f8ffff3f0005fe02fe0def46b80000000049454e44ae426082")
TINY_KINDS = ("image/jpeg", "image/png")


def _streamable(part) -> bool:
    """An XML part whose blob is its element serialised as python-docx does (`serialize_part_xml`)."""
    return isinstance(part, XmlPart) and type(part).blob is XmlPart.blob


def drop_last_printed(core_properties) -> None:
    """Remove cp:lastPrinted from the core properties' element: a new draft was never printed."""
    printed = core_properties.find(qn("cp:lastPrinted"))
    if printed is not None:
        core_properties.remove(printed)


def drop_foreign_core_properties(core_properties) -> None:
    """Remove what a template left in the core properties in a wrong namespace (schema warnings)."""
    for stray in [e for e in core_properties
                  if etree.QName(e).namespace not in (CORE_PROPERTIES, *DUBLIN_CORE)]:
        core_properties.remove(stray)


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
            if layout_only and part.content_type in TINY_KINDS:
                blob = TINY_PICTURE
            archive.writestr(part.partname.membername, blob,
                             compress_type=zipfile.ZIP_STORED if stored else None)
            if len(part.rels):
                archive.writestr(part.partname.rels_uri.membername, part.rels.xml)


_PARITY_BREAK = re.compile(rb'<w:type\s+w:val="(?:evenPage|oddPage)"')


def starts_on_even_or_odd_page(docx_path) -> bool:
    """Whether a section of the saved document starts on an even or an odd page (read from its
    main part, without loading it)."""
    try:
        with zipfile.ZipFile(docx_path) as package:
            return bool(_PARITY_BREAK.search(package.read("word/document.xml")))
    except (OSError, KeyError, zipfile.BadZipFile):
        return False  # the export reports what is wrong with the file
