"""Document settings python-docx has no API for: asking Word to update fields on opening."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# What follows w:updateFields in CT_Settings, in schema order.
_AFTER_UPDATE_FIELDS = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
                        "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
                        "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
                        "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
                        "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")


def set_update_fields(settings, update: bool) -> None:
    """Make Word ask, each time the document opens, whether to update its fields (LibreOffice and WPS
    ignore this setting)."""
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    if update:
        element = OxmlElement("w:updateFields")
        element.set(qn("w:val"), "true")
        settings.insert_element_before(element, *_AFTER_UPDATE_FIELDS)
