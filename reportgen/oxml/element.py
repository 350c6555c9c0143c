"""The type the stages name a WordprocessingML element by, in annotations."""

from lxml import etree

Element = etree._Element  # python-docx's element classes (CT_P, CT_Tbl …) are all lxml elements
