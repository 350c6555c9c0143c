"""Writing the .docx package.

python-docx deflates every part, pictures included.  JPEG and PNG data are
already compressed: deflating them saves nothing and was most of the time a
draft with photos took to write.  `save` writes the same package as
`Document.save`, with pictures stored as they are.
"""

from __future__ import annotations

import zipfile

from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI

try:  # python-docx's [Content_Types].xml builder: private, so a later release may move it
    from docx.opc.pkgwriter import _ContentTypesItem
except ImportError:  # pragma: no cover - then python-docx's own save, pictures deflated
    _ContentTypesItem = None


def save(document, file) -> None:
    """Write `document` to `file` (a path or a binary stream)."""
    if _ContentTypesItem is None:
        document.save(file)
        return
    package = document.part.package
    parts = list(package.iter_parts())
    with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob)
        archive.writestr(PACKAGE_URI.rels_uri.membername, package.rels.xml)
        for part in parts:
            stored = part.content_type.startswith("image/")
            archive.writestr(part.partname.membername, part.blob,
                             compress_type=zipfile.ZIP_STORED if stored else None)
            if len(part.rels):
                archive.writestr(part.partname.rels_uri.membername, part.rels.xml)
