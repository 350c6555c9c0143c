"""The namespaces reportgen writes and reads in a .docx package, named once.

python-docx's `qn("w:p")` covers the document's own elements; these are the namespaces spelled out where
a whole part is written or read as text (properties, the font table), or read without python-docx
(`integrity`).
"""

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
VML = "urn:schemas-microsoft-com:vml"

# docProps/: the core, extended (app.xml) and custom properties.
CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DUBLIN_CORE = ("http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/")
EXTENDED_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
CUSTOM_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VARIANT_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"

# Word's own: the compatibility settings' URI, and the Word 2010 part python-docx's template carries.
WORD_COMPATIBILITY = "http://schemas.microsoft.com/office/word"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def clark(namespace: str, tag: str) -> str:
    """`tag` in `namespace`, as lxml names it: "{namespace}tag"."""
    return f"{{{namespace}}}{tag}"
