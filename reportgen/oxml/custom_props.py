"""Custom document properties (docProps/custom.xml: Word's 文件 → 属性 → 自定义), which python-docx has
no API for.

They are where reportgen keeps what travels inside a draft: Word keeps them, and a LibreOffice
open-and-save keeps them whole (tested), where it drops custom XML parts and document variables.  Word
offers at most 255 characters for a property's text, so longer text is kept in numbered pieces.
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from reportgen.oxml.ns import CUSTOM_PROPERTIES as NS
from reportgen.oxml.ns import VARIANT_TYPES as VT

FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the format id every user-defined property has
PIECE = 255  # characters of text in one property, as Word allows


def read_custom(package) -> dict[str, str]:
    """The package's custom properties that hold text, by name."""
    part = _part(package)
    if part is None:
        return {}
    try:
        root = etree.fromstring(part.blob)
    except etree.XMLSyntaxError:
        return {}
    found = {}
    for prop in root.iter(f"{{{NS}}}property"):
        text = prop.find(f"{{{VT}}}lpwstr")
        if prop.get("name") and text is not None:
            found[prop.get("name")] = text.text or ""
    return found


def write_custom(package, prefix: str, values: dict[str, str]) -> None:
    """Replace the custom properties whose names start with `prefix` by `values` (each name starting with
    `prefix`); the others are kept as they are."""
    part = _part(package)
    root = None
    if part is not None:
        try:
            root = etree.fromstring(part.blob)
        except etree.XMLSyntaxError:
            root = None
    if root is None:
        root = etree.Element(f"{{{NS}}}Properties", nsmap={None: NS, "vt": VT})
    for prop in root.findall(f"{{{NS}}}property"):
        if (prop.get("name") or "").startswith(prefix):
            root.remove(prop)
    pid = max([int(p.get("pid", "1")) for p in root.findall(f"{{{NS}}}property")], default=1)
    for name, text in values.items():
        pid += 1
        prop = etree.SubElement(root, f"{{{NS}}}property", fmtid=FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{VT}}}lpwstr").text = text
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if part is None:
        part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, blob, package)
        package.relate_to(part, RT.CUSTOM_PROPERTIES)
    else:
        part._blob = blob


def drop_custom(package, prefix: str) -> None:
    """Remove the custom properties whose names start with `prefix`."""
    if _part(package) is not None:
        write_custom(package, prefix, {})


def pieces(text: str) -> list[str]:
    """`text` in pieces Word keeps whole as property values."""
    return [text[i:i + PIECE] for i in range(0, len(text), PIECE)] or [""]


def _part(package):
    try:
        return package.part_related_by(RT.CUSTOM_PROPERTIES)
    except KeyError:
        return None
