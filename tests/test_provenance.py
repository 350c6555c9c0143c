"""Provenance: each value a tag prints in the body sits in a hidden bookmark, recorded beside the draft
with the tag that printed it; the marks print as nothing and survive a LibreOffice round trip."""

from __future__ import annotations

import re
import subprocess
import zipfile

import docx
from conftest import init_project, require_libreoffice, run_cli, soffice
from docx.oxml.ns import qn

from reportgen.draft import record as draft_record

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def bookmarked(path) -> dict[str, str]:
    """Each _RGv bookmark of the draft's body and the text between its start and end."""
    body = docx.Document(path).element.body
    found = {}
    for start in body.iter(qn("w:bookmarkStart")):
        name = start.get(qn("w:name"))
        if not name.startswith("_RGv"):
            continue
        text, node = [], start.getnext()
        while node is not None and not (node.tag == qn("w:bookmarkEnd") and node.get(qn("w:id")) == start.get(qn("w:id"))):
            text += [t.text or "" for t in node.iter(qn("w:t"))]
            node = node.getnext()
        found[name] = "".join(text)
    return found


def test_each_printed_value_is_bookmarked_and_recorded_with_its_tag(tmp_path):
    project = init_project(tmp_path / "项目", [("概况", "Heading 1"), "共有学校{{ 学校总数 }}所，就业率{{ 就业率|百分比(1) }}。",
                                                ('{{ 表格("学校情况") }}'), "{{ 报告.发布日期|日期(\"年月日\") }}"])
    assert run_cli("build", str(project)).exit_code == 0
    draft = next((project / "output").glob("*.docx"))
    record = draft_record.embedded(docx.Document(draft))[0]["values"]
    marks = bookmarked(draft)
    by_tag = {entry["tag"]: (name, entry) for name, entry in record.items()}
    for tag, shown in (("{{ 学校总数 }}", "15"), ("{{ 就业率|百分比(1) }}", "96.7%"),
                       ('{{ 报告.发布日期|日期("年月日") }}', "2025年12月1日")):
        name, entry = by_tag[tag]
        assert marks[name] == entry["text"] == shown
        assert entry["place"].startswith("templates/章节/1-基本情况.docx 第 ")
    texts = [p.text for p in docx.Document(draft).paragraphs]
    assert "共有学校15所，就业率96.7%。" in texts  # the marks print as nothing
    with zipfile.ZipFile(draft) as package:
        for name in package.namelist():
            if name.endswith(".xml") and name != "word/numbering.xml":
                assert not re.search("[\ue004-\ue006]", package.read(name).decode("utf-8")), name


def test_value_bookmarks_survive_a_libreoffice_round_trip(tmp_path):
    require_libreoffice()
    project = init_project(tmp_path / "项目", [("概况", "Heading 1"), "共有学校{{ 学校总数 }}所。"])
    assert run_cli("build", str(project)).exit_code == 0
    draft = next((project / "output").glob("*.docx"))
    before = bookmarked(draft)
    saved = tmp_path / "saved"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(saved), str(draft)], check=True, capture_output=True)
    after = bookmarked(saved / draft.name)
    assert before and after == before


def test_compare_after_a_libreoffice_round_trip_finds_the_draft_as_built(tmp_path):
    require_libreoffice()
    project = init_project(tmp_path / "项目", [("概况", "Heading 1"), "共有学校{{ 学校总数 }}所。"])
    assert run_cli("build", str(project)).exit_code == 0
    draft = next((project / "output").glob("*.docx"))
    saved = tmp_path / "saved"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(saved), str(draft)], check=True, capture_output=True)
    draft.write_bytes((saved / draft.name).read_bytes())
    result = run_cli("compare", str(project))
    assert result.exit_code == 0 and "草稿与工作簿一致" in result.output, result.output


def test_values_in_a_footnote_print_without_marks(tmp_path):
    """A footnote's values print as they are: only the body's values are bookmarked."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    project = init_project(tmp_path / "项目", [("概况", "Heading 1"), "共有学校{{ 学校总数 }}所。"])
    template = project / "templates" / "章节" / "1-基本情况.docx"
    document = docx.Document(template)
    footnotes = (f'<w:footnotes xmlns:w="{W[1:-1]}"><w:footnote w:id="1"><w:p><w:r><w:t>'
                 "数据截至{{ 报告.年度 }}年。</w:t></w:r></w:p></w:footnote></w:footnotes>").encode()
    part = Part(PackURI("/word/footnotes.xml"), "application/vnd.openxmlformats-officedocument."
                "wordprocessingml.footnotes+xml", footnotes, document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    document.paragraphs[-1]._p.append(parse_xml(
        f'<w:r xmlns:w="{W[1:-1]}"><w:footnoteReference w:id="1"/></w:r>'))
    document.save(template)
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    draft = next((project / "output").glob("*.docx"))
    with zipfile.ZipFile(draft) as package:
        text = package.read("word/footnotes.xml").decode("utf-8")
    assert "数据截至2025年。" in text and not re.search("[\ue004-\ue006]", text)
