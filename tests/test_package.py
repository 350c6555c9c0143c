"""The draft's package as Word itself writes one: true properties, Word 2013 mode, Chinese theme
languages, a font table Word and WPS can resolve, matching linked styles, alternative text."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import docx
import pytest
from conftest import run_cli
from docx.oxml.ns import qn


def _part(draft, name: str) -> str:
    with zipfile.ZipFile(draft) as archive:
        return archive.read(name).decode("utf-8")


@pytest.fixture
def draft(small_project):
    project = small_project()
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    return project / "output" / "测试报告.docx"


def test_properties_are_reportgens_and_the_builds(draft):
    app = _part(draft, "docProps/app.xml")
    assert re.search(r"<Application>reportgen \d+\.\d+\.\d+</Application>", app)
    assert "Macintosh" not in app and "<Words>" not in app and "<Characters>" not in app
    assert "<AppVersion>" not in app
    core = docx.Document(draft).core_properties
    now = dt.datetime.now(dt.timezone.utc)
    assert abs((core.created - now).total_seconds()) < 120 and core.modified == core.created
    assert "lastPrinted" not in _part(draft, "docProps/core.xml")
    assert core.title == "测试报告" and core.author == "某市教育局"


def test_no_leftovers_from_python_docx_template(draft):
    with zipfile.ZipFile(draft) as archive:
        names = archive.namelist()
    assert not [n for n in names if "thumbnail" in n or n.startswith("customXml/") or "stylesWithEffects" in n]
    rels = _part(draft, "_rels/.rels") + _part(draft, "word/_rels/document.xml.rels")
    assert "thumbnail" not in rels and "customXml" not in rels


def test_word_2013_mode_and_chinese_theme_languages(draft):
    settings = _part(draft, "word/settings.xml")
    assert re.search(r'w:name="compatibilityMode"[^>]*w:val="15"', settings)
    assert re.search(r'<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>', settings)


def test_font_table_lists_every_style_font_with_what_resolves_it(draft):
    table = _part(draft, "word/fontTable.xml")
    names = re.findall(r'<w:font w:name="([^"]+)"', table)
    assert set(names) == {"Times New Roman", "仿宋_GB2312", "方正小标宋简体", "楷体_GB2312", "黑体", "宋体"}
    entry = re.search(r'<w:font w:name="仿宋_GB2312">(.*?)</w:font>', table, re.S).group(1)
    assert '<w:altName w:val="仿宋,FangSong"/>' in entry and '<w:charset w:val="86"/>' in entry
    assert '<w:panose1 w:val="02010609030101010101"/>' in entry
    kai = re.search(r'<w:font w:name="楷体_GB2312">(.*?)</w:font>', table, re.S).group(1)
    assert '<w:altName w:val="楷体,KaiTi"/>' in kai


def test_windows_font_names_on_request(small_project):
    project = small_project(profile='font_names = "windows"')
    assert run_cli("build", str(project)).exit_code == 0
    draft = project / "output" / "测试报告.docx"
    styles = _part(draft, "word/styles.xml")
    assert "_GB2312" not in styles and 'w:eastAsia="仿宋"' in styles and 'w:eastAsia="楷体"' in styles
    assert "_GB2312" not in _part(draft, "word/fontTable.xml")


def test_linked_character_styles_look_like_their_paragraph_styles(draft):
    styles = docx.Document(draft).styles
    for name in ("Heading 1", "Heading 2", "Caption"):
        paragraph = styles[name].element
        link = paragraph.find(qn("w:link"))
        if link is None:
            continue
        character = styles.element.get_by_id(link.get(qn("w:val")))
        assert character.find(qn("w:rPr")).xml == paragraph.find(qn("w:rPr")).xml, name


def test_pictures_and_charts_describe_themselves_with_their_caption(small_project):
    project = small_project(
        sections={"概况": ["概况", '{{ 插图("校园") }}', '{{ 插图("分布") }}']},
        figures=[("校园", "照片", "data/图片/校园.jpg", "校园一角", 12, None, None),
                 ("分布", "图表", "分布数据", "在校生分布", 12, "柱形图", None)],
        tables=[], extra_sheets={"分布数据": ([["类别", "人数"], ["农林", 120], ["制造", 340]], [])})
    assert run_cli("build", str(project)).exit_code == 0
    body = docx.Document(project / "output" / "测试报告.docx").element.body
    descriptions = [d.get("descr") for d in body.iter(qn("wp:docPr"))]
    assert descriptions == ["校园一角", "在校生分布"]
