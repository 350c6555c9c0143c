"""The one reader of a paragraph's visible text (`oxml.text.text_of`), as compare, update and the table
checks read a draft an editor changed: fast, on a paragraph as Word and LibreOffice write one."""

from __future__ import annotations

from docx.oxml import parse_xml

from reportgen.oxml.table_xml import cell_text
from reportgen.oxml.text import text_of

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

# A tab stop (not text), a tab, a line break, Word's non-breaking hyphen and LibreOffice's (U+2011), a
# field's code (not text) and result, a deletion and a move's source (gone), an insertion (there).
PARAGRAPH = f"""<w:p {W}>
  <w:pPr><w:tabs><w:tab w:val="right" w:pos="8000"/></w:tabs></w:pPr>
  <w:r><w:t>共有学校</w:t></w:r>
  <w:del w:id="1" w:author="编辑"><w:r><w:delText>14</w:delText></w:r></w:del>
  <w:ins w:id="2" w:author="编辑"><w:r><w:t>15</w:t></w:r></w:ins>
  <w:r><w:t>所</w:t><w:tab/><w:t>见图</w:t></w:r>
  <w:r><w:fldChar w:fldCharType="begin"/></w:r>
  <w:r><w:instrText xml:space="preserve"> REF _Ref1 \\h </w:instrText></w:r>
  <w:r><w:fldChar w:fldCharType="separate"/></w:r>
  <w:r><w:t>1</w:t><w:noBreakHyphen/><w:t>2</w:t></w:r>
  <w:r><w:fldChar w:fldCharType="end"/></w:r>
  <w:moveFrom w:id="3" w:author="编辑"><w:r><w:t>（旧）</w:t><w:br/></w:r></w:moveFrom>
  <w:r><w:br/><w:t>图2\u20111</w:t><w:cr/><w:t>完</w:t></w:r>
</w:p>"""


def test_the_text_a_reader_sees_tabs_and_breaks_read_as_nothing_by_default():
    assert text_of(parse_xml(PARAGRAPH)) == "共有学校15所见图1-2图2-1完"


def test_tabs_and_breaks_read_as_asked():
    paragraph = parse_xml(PARAGRAPH)
    assert text_of(paragraph, tab="\t", line_break="\n") == "共有学校15所\t见图1-2\n图2-1\n完"
    assert text_of(paragraph, tab=" ") == "共有学校15所 见图1-2图2-1完"
    assert text_of(paragraph, line_break="/") == "共有学校15所见图1-2/图2-1/完"


def test_a_deleted_element_reads_as_nothing():
    paragraph = parse_xml(PARAGRAPH)
    assert [text_of(child) for child in paragraph if child.tag.endswith(("}del", "}moveFrom"))] == ["", ""]


def test_a_cell_reads_its_paragraphs_line_by_line():
    cell = parse_xml(f"<w:tc {W}><w:p><w:r><w:t>一</w:t><w:br/><w:t>二</w:t></w:r></w:p>"
                     f"<w:p><w:r><w:t>三</w:t><w:tab/><w:t>四</w:t></w:r></w:p></w:tc>")
    assert cell_text(cell) == "一\n二\n三\t四"
