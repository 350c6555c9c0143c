"""Document settings python-docx has no API for: updating fields on opening, compatibility, theme language."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportgen.oxml.ns import WORD_COMPATIBILITY

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


WORD_2013 = 15  # compatibilityMode: Word 2013 and later lay the document out as current Word does


def set_compatibility_mode(settings, mode: int = WORD_2013) -> None:
    """Open in Word's current layout mode, not 兼容模式 (compatibility mode)."""
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        settings.insert_element_before(compat, *_AFTER_UPDATE_FIELDS[4:])
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            compat.remove(setting)
    setting = OxmlElement("w:compatSetting")
    for key, value in (("name", "compatibilityMode"), ("uri", WORD_COMPATIBILITY),
                       ("val", str(mode))):
        setting.set(qn(f"w:{key}"), value)
    compat.append(setting)


def set_theme_languages(settings, latin: str = "en-US", east_asian: str = "zh-CN") -> None:
    """The languages Word picks theme fonts for: East Asian text an editor adds (a chart, a text box)
    then starts in the theme's Chinese font, not its Japanese one."""
    for old in settings.findall(qn("w:themeFontLang")):
        settings.remove(old)
    element = OxmlElement("w:themeFontLang")
    element.set(qn("w:val"), latin)
    element.set(qn("w:eastAsia"), east_asian)
    settings.insert_element_before(element, *_AFTER_UPDATE_FIELDS[_AFTER_UPDATE_FIELDS.index("w:themeFontLang") + 1:])
