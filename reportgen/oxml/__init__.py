"""The OOXML layer: every function here builds or edits WordprocessingML elements.

The rest of reportgen works with python-docx objects and calls into this
package whenever it needs XML that python-docx has no API for (fields, East
Asian fonts, numbering, document grid, charts).
"""
