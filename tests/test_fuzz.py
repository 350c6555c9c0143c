"""The fuzz suite: hostile inputs of every kind, through the command a writer runs.

Each case starts from a small project that has already been built once, breaks one thing (a
template story, the workbook, a photo, the configuration, the output folder), then runs
`reportgen check` and `reportgen build` with the same arguments through `reportgen.cli.run`, the
console entry point, so the internal-error handler is live and not bypassed. For every case:

- the exit status is 1 for an error and 0 otherwise (2 would be the internal-error handler);
- no "内部错误" and no traceback;
- the culprit is named (file and place), in both commands' output;
- `check` and `build` agree: `check` passes exactly when `build` goes through;
- after a refusal no file of the project changed and no temporary file is left: the earlier draft
  is intact; after a success the draft is sound (opens, no leftover tags or marker characters,
  no dangling comment references).

Hypothesis then throws generated cell values, template text and formulas at the same checks.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import docx
import openpyxl
import pytest
from conftest import as_from_a_terminal, make_project, write_template
from docx.oxml import parse_xml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl.utils.exceptions import IllegalCharacterError
from PIL import Image

from reportgen.cli import run

CHAPTER = "templates/1-概况.docx"
MASTER = "templates/总模板.docx"
WORKBOOK = "data/数据.xlsx"
DRAFT = "output/测试报告.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WNS = f'xmlns:w="{W}"'
CHAPTER_TEXT = ["概况", ("学校概况", "Heading 2"), "全市共有学校 {{ 学校总数 }} 所，就业率 {{ 就业率|百分比 }}。",
                '{{ 表格("学校情况") }}', '{{ 插图("校园") }}']
INDICATORS = [("学校总数", 15, "所", ""), ("毕业生数", 2948, "人", ""), ("就业人数", 2928, "人", "")]
TABLE_SHEET = {"表1": ([["类别", "合计", "办学性质", None], [None, None, "公办", "民办"], ["中职学校", 15, 8, 7]],
                       ["A1:A2", "B1:B2", "C1:D1"])}


# ------------------------------------------------------------------------------------------ running

@dataclass
class Result:
    exit_code: int
    output: str


def reportgen(*args: str) -> Result:
    """`reportgen ARGS` through the console entry point, its standard streams captured."""
    saved = sys.argv, sys.stdout, sys.stderr
    sys.argv = ["reportgen", *args]
    sys.stdout = sys.stderr = captured = io.StringIO()
    code = 0
    try:
        run()
    except SystemExit as end:
        code = end.code if isinstance(end.code, int) else (0 if end.code is None else 1)
    finally:
        sys.argv, sys.stdout, sys.stderr = saved
    return Result(code, captured.getvalue())


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the project but the photo cache, which `check` may fill."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*"))
            if path.is_file() and ".reportgen-cache" not in path.parts}


PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
TAG_TEXT = re.compile(r"\{\{|\}\}|\{%|%\}|｛｛|｝｝")


def draft_defects(path: Path) -> list[str]:
    """What is wrong with a written draft, as a reader or an OOXML validator would see it."""
    defects = []
    docx.Document(path)  # opens
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        anchors = 0
        for name in names:
            if not (name.startswith("word/") and name.endswith(".xml")):
                continue
            root = etree.fromstring(package.read(name))
            text = "".join(t.text or "" for t in root.iter(f"{{{W}}}t", f"{{{W}}}instrText"))
            if PRIVATE_USE.search(text):
                defects.append(f"{name}: private-use marker characters")
            if TAG_TEXT.search(text):
                defects.append(f"{name}: template tags left as text")
            anchors += sum(1 for _ in root.iter(f"{{{W}}}commentReference", f"{{{W}}}commentRangeStart"))
            if name == "word/document.xml":
                ids = [b.get(f"{{{W}}}id") for b in root.iter(f"{{{W}}}bookmarkStart")]
                if len(ids) != len(set(ids)):
                    defects.append("bookmark ids used twice")
        if anchors and "word/comments.xml" not in names:
            defects.append("comment anchors without a comments part")
    leftovers = [p.name for p in path.parent.iterdir() if p.name.startswith(".~reportgen-")]
    if leftovers:
        defects.append(f"temporary files left: {leftovers}")
    return defects


# ------------------------------------------------------------------------------------------ cases

@dataclass
class Case:
    name: str
    setup: Callable[[Path], None]
    expect: tuple[str, ...]  # what both commands' output must contain: the culprit and its place
    verdict: str = "error"  # "error", "warning" (built, with the warning) or "ok"
    args: Callable[[Path], list[str]] = lambda project: []
    draft: str = DRAFT  # where the build writes, for the checks after a success
    foreseen: bool = True  # a warning check can give before the build (not a disk failing mid-write)


CASES: dict[str, Case] = {}


def case(name: str, *expect: str, verdict="error", args=None, draft=DRAFT, foreseen=True, **make):
    """Register the decorated setup as a case; `make` rebuilds the project's parts first (make_project)."""
    def register(setup):
        def prepared(project: Path) -> None:
            if make:
                make_project(project, **make)
            setup(project)
        CASES[name] = Case(name, prepared, expect, verdict, args or (lambda project: []), draft, foreseen)
        return setup
    return register


def nothing(project: Path) -> None:
    pass


def chapter(*extra: str, replace=None) -> dict:
    """make_project's `sections` with paragraphs added to the chapter (or `replace`d)."""
    return {"sections": {"概况": list(replace) if replace is not None else [*CHAPTER_TEXT, *extra]}}


def edit_docx(path: Path, change) -> None:
    document = docx.Document(path)
    change(document)
    document.save(path)


def append_xml(path: Path, xml: str) -> None:
    """Append a raw body paragraph (declaring its namespaces) before the final section properties."""
    def change(document):
        document.element.body.sectPr.addprevious(parse_xml(xml))
    edit_docx(path, change)


def set_header(path: Path, text: str, *, footer=False) -> None:
    def change(document):
        part = document.sections[-1].footer if footer else document.sections[-1].header
        part.paragraphs[0].text = text
    edit_docx(path, change)


def add_table(text: str):
    def change(document):
        cells = document.add_table(rows=1, cols=2).rows[0].cells
        cells[0].text, cells[1].text = "说明", text
    return change


def comment_on(word: str, text: str):
    def change(document):
        paragraph = next(p for p in document.paragraphs if word in p.text)
        document.add_comment(paragraph.runs, text=text, author="审稿人", initials="审")
    return change


def edit_cell(project: Path, sheet: str, cell: str, value) -> None:
    book = openpyxl.load_workbook(project / WORKBOOK)
    book[sheet][cell] = value
    book.save(project / WORKBOOK)


def replace_config(project: Path, old: str, new: str) -> None:
    path = project / "reportgen.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def rewrite_zip(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path) as source:
        items = [(item, parts.get(item.filename, source.read(item.filename))) for item in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item, data in items:
            target.writestr(item, data)


def use_photo(project: Path, name: str, data: bytes) -> None:
    (project / "data" / "图片" / name).write_bytes(data)
    edit_cell(project, "图片清单", "C2", f"data/图片/{name}")


def jpeg(size=(800, 600), mode="RGB", **options) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, 90).save(buffer, "JPEG", **options)
    return buffer.getvalue()


def png_bomb(width=20000, height=16000) -> bytes:
    """A 1-bit PNG of a few kilobytes that decodes to 320 million pixels."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


TEXT_BOX_VML = f'''<w:p {WNS} xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:pict>
<v:shape id="tb1" style="width:200pt;height:60pt" type="#_x0000_t202"><v:textbox><w:txbxContent>
<w:p><w:r><w:t>TEXT</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>'''

TEXT_BOX_WPS = f'''<w:p {WNS}
 xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:v="urn:schemas-microsoft-com:vml"><w:r>
<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">
<wp:extent cx="2540000" cy="762000"/><wp:docPr id="77" name="文本框 1"/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2540000" cy="762000"/></a:xfrm>
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>
<wps:txbx><w:txbxContent><w:p><w:r><w:t>TEXT</w:t></w:r></w:p></w:txbxContent></wps:txbx>
<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:shape id="tb2" style="width:200pt;height:60pt" type="#_x0000_t202"><v:textbox>
<w:txbxContent><w:p><w:r><w:t>TEXT</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
</mc:AlternateContent></w:r></w:p>'''

REVISION = 'w:author="编辑" w:date="2025-01-01T00:00:00Z"'

# ---- template stories, block placement, Word features -----------------------------------------

case("插图 in a header", "1-概况.docx 页眉 第 1 段", "插图() 只能写在正文中")(
    lambda p: set_header(p / CHAPTER, '{{ 插图("校园") }}'))
case("表格 in a header", "1-概况.docx 页眉 第 1 段", "表格() 只能写在正文中")(
    lambda p: set_header(p / CHAPTER, '{{ 表格("学校情况") }}'))
case("表格 in a footer", "1-概况.docx 页脚 第 1 段", "表格() 只能写在正文中")(
    lambda p: set_header(p / CHAPTER, '{{ 表格("学校情况") }}', footer=True))
case("undefined name in a header", "1-概况.docx 页眉 第 1 段", "“不存在”在数据中没有定义")(
    lambda p: set_header(p / CHAPTER, "{{ 不存在 }}"))
case("undefined name in the master's header", "总模板.docx 页眉 第 1 段", "“不存在”")(
    lambda p: set_header(p / MASTER, "{{ 不存在 }}"))
case("value in a footer", verdict="ok")(lambda p: set_header(p / CHAPTER, "学校 {{ 学校总数 }} 所", footer=True))
case("表格 in a table cell", "1-概况.docx", '表格("学校情况") 须单独占正文中的一段')(
    lambda p: edit_docx(p / CHAPTER, add_table('{{ 表格("学校情况") }}')))
case("插图 in a table cell", "1-概况.docx", '插图("校园") 须单独占正文中的一段')(
    lambda p: edit_docx(p / CHAPTER, add_table('{{ 插图("校园") }}')))
case("undefined name in a table cell", "1-概况.docx 第 7 段", "“不存在”")(
    lambda p: edit_docx(p / CHAPTER, add_table("{{ 不存在 }}")))
case("表格 in a VML text box", "1-概况.docx", "不在表格、文本框内")(
    lambda p: append_xml(p / CHAPTER, TEXT_BOX_VML.replace("TEXT", '{{ 表格("学校情况") }}')))
case("表格 in a Word 2010 text box", "1-概况.docx", "不在表格、文本框内")(
    lambda p: append_xml(p / CHAPTER, TEXT_BOX_WPS.replace("TEXT", '{{ 表格("学校情况") }}')))
case("undefined name in a text box", "1-概况.docx", "“不存在”")(
    lambda p: append_xml(p / CHAPTER, TEXT_BOX_WPS.replace("TEXT", "{{ 不存在 }}")))
case("表格 sharing its paragraph", "1-概况.docx", "现在所在段落为“见下表表格(\"学校情况\")”",
     **chapter(replace=["概况", '见下表{{ 表格("学校情况") }}', '{{ 插图("校园") }}']))(nothing)
case("插图 sharing its paragraph", "1-概况.docx", "如图插图(\"校园\")所示",
     **chapter(replace=["概况", '{{ 表格("学校情况") }}', '如图{{ 插图("校园") }}所示']))(nothing)
case("目录 in a header", "页眉", "目录() 只能写在正文中")(lambda p: set_header(p / MASTER, "{{ 目录() }}"))
case("引用 of an unknown figure", "1-概况.docx", "不存在的图", **chapter('见{{ 引用("不存在的图") }}。'))(nothing)
case("tag deleted under track changes", "1-概况.docx", "修订", verdict="warning")(
    lambda p: append_xml(p / CHAPTER, f'<w:p {WNS}><w:r><w:t>修订前文字</w:t></w:r><w:del w:id="901" {REVISION}>'
                                      "<w:r><w:delText>{{ 不存在 }}</w:delText></w:r></w:del></w:p>"))
case("表格 paragraph deleted under track changes", "1-概况.docx", "修订", verdict="warning")(
    lambda p: append_xml(p / CHAPTER, f'<w:p {WNS}><w:pPr><w:rPr><w:del w:id="903" {REVISION}/></w:rPr></w:pPr>'
                                      f'<w:del w:id="902" {REVISION}><w:r><w:delText>{{{{ 表格("学校情况") }}}}'
                                      "</w:delText></w:r></w:del></w:p>"))
case("undefined name inserted under track changes", "1-概况.docx", "“不存在”")(
    lambda p: append_xml(p / CHAPTER, f'<w:p {WNS}><w:r><w:t>新增：</w:t></w:r><w:ins w:id="904" {REVISION}>'
                                      "<w:r><w:t>{{ 不存在 }}</w:t></w:r></w:ins></w:p>"))
case("value inserted under track changes", "修订", verdict="warning")(
    lambda p: append_xml(p / CHAPTER, f'<w:p {WNS}><w:r><w:t>新增学校数：</w:t></w:r><w:ins w:id="905" {REVISION}>'
                                      "<w:r><w:t>{{ 学校总数 }}</w:t></w:r></w:ins></w:p>"))
case("comment in a chapter", "1-概况.docx", "批注", verdict="warning")(
    lambda p: edit_docx(p / CHAPTER, comment_on("学校总数", "请核对此数")))
case("comment in the master", "总模板.docx", "批注", verdict="warning")(
    lambda p: edit_docx(p / MASTER, comment_on("年度", "前言待改")))
case("comment holding a tag", "1-概况.docx", "批注", verdict="warning")(
    lambda p: edit_docx(p / CHAPTER, comment_on("学校总数", "{{ 不存在 }}")))
case("full-width braces", "1-概况.docx 第 6 段", "全角", **chapter("学校共 ｛｛ 学校总数 ｝｝ 所。"))(nothing)
case("full-width percent sign in a block tag", "1-概况.docx 第 6 段", "全角",
     **chapter("｛％ if 学校总数 ％｝多｛％ endif ％｝"))(nothing)
case("full-width brackets and quotes in a tag", "1-概况.docx 第 6 段", "不能用的字符“（”", "要用半角",
     **chapter("{{ 插图（“校园”） }}"))(nothing)
case("zero-width space in a name", "1-概况.docx 第 6 段", "看不见的字符（零宽空格）",
     **chapter("学校共 {{ 学校\u200b总数 }} 所。"))(nothing)
case("byte-order mark in a name", "1-概况.docx 第 6 段", "看不见的字符", **chapter("学校共 {{ \ufeff学校总数 }} 所。"))(nothing)
case("no-break spaces inside a tag", verdict="ok", **chapter("学校共 {{\u00a0学校总数\u00a0}} 所。"))(nothing)
case("Word's _GoBack bookmark in a template", verdict="ok", **chapter("见{{ 引用(\"校园\") }}。"))(
    lambda p: append_xml(p / CHAPTER, f'<w:p {WNS}><w:bookmarkStart w:id="7" w:name="_GoBack"/><w:r><w:t>上次编辑处</w:t>'
                                      '</w:r><w:bookmarkEnd w:id="7"/></w:p>'))
case("tag split over runs", verdict="ok")(
    lambda p: append_xml(p / CHAPTER, f'<w:p {WNS}><w:r><w:t xml:space="preserve">共 {{{{ 学校</w:t></w:r><w:r>'
                                      '<w:rPr><w:b/></w:rPr><w:t>总</w:t></w:r><w:r><w:t xml:space="preserve">数 }} 所'
                                      "</w:t></w:r></w:p>"))
case("chapter title not in 标题 1", "1-概况.docx", "没有“标题 1”样式的段落", verdict="warning",
     **chapter(replace=[("概况", "Normal"), "全市共有学校 {{ 学校总数 }} 所。", '{{ 表格("学校情况") }}', '{{ 插图("校园") }}']))(nothing)
case("closer without an opener", "1-概况.docx 第 6 段", "有“}}”但前面没有“{{”", **chapter("学校共 学校总数 }} 所。"))(nothing)
case("unclosed tag", "1-概况.docx 第 6 段", "这一段的“{{”没有对应的“}}”", **chapter("学校共 {{ 学校总数 所。"))(nothing)
case("block tag left open before the next paragraph", "1-概况.docx 第 6 段", '标签“{{ 表格("学校情况")', "没有对应的“}}”",
     **chapter('{{ 表格("学校情况") ', "技能成长坚持 {{ 学校总数 }} 所。"))(nothing)
case("for without endfor", "1-概况.docx 第 6 段", "没有对应的“{% endfor %}”", **chapter("{% for x in [1, 2] %}", "第 {{ x }} 项"))(nothing)
case("endif without if", "1-概况.docx 第 6 段", **chapter("{% endif %}"))(nothing)
case("misspelt filter", "1-概况.docx 第 6 段", "没有名为“千分”的过滤器", **chapter("{{ 学校总数|千分 }}"))(nothing)
case("filter with a text argument", "1-概况.docx 第 6 段", "过滤器", **chapter("{{ 就业率|百分比('两位') }}"))(nothing)
case("number filter on text", "1-概况.docx 第 6 段", "过滤器", **chapter("{{ 报告.标题|百分比 }}"))(nothing)
case("division by zero in a tag", "1-概况.docx 第 6 段", "除数为 0", **chapter("{{ 学校总数 / 0 }}"))(nothing)
case("huge range in a tag", "1-概况.docx 第 6 段", "太大", **chapter("{{ range(100000000)|list|length }}"))(nothing)
case("attribute access escape", "1-概况.docx 第 6 段", "不允许的操作", **chapter("{{ 报告.__class__.__mro__ }}"))(nothing)
case("unknown 报告 field", "1-概况.docx 第 6 段", "“副标题”", **chapter("{{ 报告.副标题 }}"))(nothing)
case("unknown table", "1-概况.docx", "“不存在的表”在工作表“表格清单”中不存在", **chapter('{{ 表格("不存在的表") }}'))(nothing)
case("插图 without a name", "1-概况.docx", "插图() 中没有写名称", **chapter("{{ 插图() }}"))(nothing)
case("tag in the document title property", "1-概况.docx 文档属性“标题”", "“不存在”")(
    lambda p: edit_docx(p / CHAPTER, lambda d: setattr(d.core_properties, "title", "{{ 不存在 }}")))
case("template is plain text", "1-概况.docx", "不是有效的 Word 文档")(
    lambda p: (p / CHAPTER).write_text("这不是 Word 文件", encoding="utf-8"))
case("template is an empty file", "1-概况.docx", "不是有效的 Word 文档")(lambda p: (p / CHAPTER).write_bytes(b""))
case("template is a zip of something else", "1-概况.docx", "不是有效的 Word 文档")(
    lambda p: zipfile.ZipFile(p / CHAPTER, "w").close())
case("template's document.xml broken", "1-概况.docx", "不是有效的 Word 文档")(
    lambda p: rewrite_zip(p / CHAPTER, {"word/document.xml": b"<w:document><w:body><w:p>"}))
case("template missing", "reportgen.toml 第 1 个 [[sections]].template", "找不到文件 templates/1-概况.docx")(
    lambda p: (p / CHAPTER).unlink())
case("template is a folder", "找不到文件 templates/1-概况.docx")(
    lambda p: ((p / CHAPTER).unlink(), (p / CHAPTER).mkdir()))
case("master missing", "[templates].master", "找不到文件 templates/总模板.docx")(lambda p: (p / MASTER).unlink())

# ---- workbook: formulas ------------------------------------------------------------------------

FORMULAS = {
    "最大()": "最大(a, b, …)，至少一个数",
    "最小()": "最小(a, b, …)，至少一个数",
    "四舍五入(就业人数, 1, 2)": "四舍五入(数, 位数)",
    "四舍五入(就业人数, 1.5)": "四舍五入(数, 位数)",
    "四舍五入(就业人数, 99)": "四舍五入(数, 位数)",
    "四舍五入(1e308 * 10)": "数值太大",
    "1e308 * 10": "不是有限的数",
    "1e308 * 10 - 1e308 * 10": "不是有限的数",
    '就业人数 + "人"': "公式只能包含",
    "四舍五入(就业人数, ndigits=1)": "公式只能包含",
    "max(就业人数, 毕业生数)": "公式只能包含",
    "就业人数.real": "公式只能包含",
    "就业人数 ** 2": "公式只能包含",
    "+".join(["1"] * 5000): "公式太长",
    "(" * 500 + "1" + ")" * 500: "写法有误",
    "就业率 + 1": "循环引用",
    "就业人数 / (毕业生数 - 毕业生数)": "除数为 0",
    "就业人数 // 毕业生数 )": "写法有误",
    "9" * 400 + " / 毕业生数": "数值太大",
    "不存在的指标 * 2": "不存在的指标",
}
for _number, (_formula, _message) in enumerate(FORMULAS.items(), 1):
    case(f"formula {_number}: {_formula[:24]}", "工作表“计算指标” 单元格 B2", _message,
         derived=[("就业率", _formula, "", "")])(nothing)
case("formulas in a cycle", "工作表“计算指标” 单元格 B2", "就业率 → 甲 → 就业率",
     derived=[("就业率", "甲 + 1", "", ""), ("甲", "就业率 * 2", "", "")])(nothing)
case("formula written wrong", "工作表“计算指标” 单元格 B2", "写法有误",
     "公式只写指标名称、数字和 + - * / ( )，如：就业人数 / 毕业生数", derived=[("就业率", "就业人数 /", "", "")])(nothing)
case("derived value badly named, then one badly written", "工作表“计算指标” 单元格 A2：名称“报告”是保留名",
     "工作表“计算指标” 单元格 B3：", derived=[("报告", "就业人数 / 毕业生数", "", ""), ("就业率", "就业人数 /", "", "")])(nothing)
case("derived sheet with none of its columns", "工作表“计算指标”",
     *(f"第 1 行缺少列“{name}”" for name in ("名称", "公式", "单位", "说明")), "第 1 行应依次为：名称 | 公式 | 单位 | 说明")(
    lambda p: [edit_cell(p, "计算指标", ref, header) for ref, header in zip(("A1", "B1", "C1", "D1"), ("项目", "算式", "计量", "备注"))])

# ---- workbook: sheets, values, tables, charts --------------------------------------------------


def overlapping_merges(project: Path) -> None:
    """Two merged ranges sharing cells, as a file written by another program may hold (Excel refuses)."""
    with zipfile.ZipFile(project / WORKBOOK) as package:
        book = package.read("xl/workbook.xml").decode()
        rels = package.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(r'<sheet [^>]*name="表1"[^>]*r:id="(rId\d+)"', book).group(1)
        target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*>', rels).group(0)
        part = "xl/" + re.search(r'Target="/?(?:xl/)?([^"]+)"', target).group(1)
        sheet = package.read(part).decode()
    sheet = re.sub(r"<mergeCells.*?</mergeCells>", "", sheet, flags=re.S)
    merges = '<mergeCells count="2"><mergeCell ref="A1:B2"/><mergeCell ref="B1:C2"/></mergeCells>'
    rewrite_zip(project / WORKBOOK, {part: sheet.replace("</sheetData>", "</sheetData>" + merges, 1).encode()})


case("overlapping merged ranges", "工作表“表1”", "合并单元格 A1:B2 与 B1:C2 重叠")(overlapping_merges)
case("table sheet missing", "工作表“表格清单” 单元格 B2", "找不到工作表“表9”",
     tables=[("学校情况", "表9", "学校情况表", 2, "", "")])(nothing)
case("more header rows than rows", "工作表“表格清单” 单元格 D2", "表头行数 10 多于",
     tables=[("学校情况", "表1", "学校情况表", 10, "", "")])(nothing)
case("header rows as text", "工作表“表格清单” 单元格 D2", "表头行数", tables=[("学校情况", "表1", "学校情况表", "二", "", "")])(nothing)
case("table sheet empty", "工作表“表1”", "表格是空的", extra_sheets={"表1": ([], [])})(nothing)
case("sheet 指标 missing", "数据.xlsx", "缺少工作表“指标”")(
    lambda p: (book := openpyxl.load_workbook(p / WORKBOOK), book.remove(book["指标"]), book.save(p / WORKBOOK)))
case("indicator as Chinese numerals", "工作表“指标” 单元格 B2", "“十五”不是数字",
     "填写阿拉伯数字，如 2948、0.9932 或 99.32%；这一项本是文字（如学校名称）时，把“单位”留空或写“文字”")(
    lambda p: edit_cell(p, "指标", "B2", "十五"))
case("indicator empty", "工作表“指标” 单元格 B2", "没有数值")(lambda p: edit_cell(p, "指标", "B2", None))
case("indicator of spaces", "工作表“指标” 单元格 B2", "指标“学校总数”没有数值",
     "填写数值；若这是 Excel 公式，请在 Excel 或 WPS 中打开并保存一次，让公式算出结果")(
    lambda p: edit_cell(p, "指标", "B2", "   "))
case("indicator sheet with none of its columns", "工作表“指标”", *(f"第 1 行缺少列“{name}”" for name in ("名称", "数值", "单位", "说明")))(
    lambda p: [edit_cell(p, "指标", ref, header) for ref, header in zip(("A1", "B1", "C1", "D1"), ("项目", "值", "计量", "备注"))])
case("indicator after a bad name still checked", "工作表“指标” 单元格 A2：名称“1学校”不能用作模板中的名字",
     "工作表“指标” 单元格 B4：指标“就业人数”的数值“很多”不是数字")(
    lambda p: (edit_cell(p, "指标", "A2", "1学校"), edit_cell(p, "指标", "B4", "很多")))
case("indicator TRUE", "工作表“指标” 单元格 B2", "指标“学校总数”的数值是逻辑值 TRUE", "填写数字；要印出文字")(
    lambda p: edit_cell(p, "指标", "B2", True))
case("indicator showing #DIV/0!", "工作表“指标” 单元格 B2", "Excel 的错误值 #DIV/0!")(
    lambda p: edit_cell(p, "指标", "B2", "#DIV/0!"))
case("table cell showing #N/A", "工作表“表1” 单元格 C3", "Excel 的错误值 #N/A")(lambda p: edit_cell(p, "表1", "C3", "#N/A"))
case("indicator formula without a cached result", "工作表“指标” 单元格 B2", "没有保存计算结果")(
    lambda p: edit_cell(p, "指标", "B2", "=10+5"))
case("indicator name repeated", "工作表“指标” 单元格 A5", "名称“学校总数”重复，已在 数据.xlsx 工作表“指标” 单元格 A2 出现",
     "每个名称只能出现一次",
     indicators=[*INDICATORS, ("学校总数", 16, "所", "")])(nothing)
case("indicator name starting with a digit", "工作表“指标” 单元格 A5", "“2024招生”不能用作模板中的名字",
     "名称只能由汉字、字母、数字和下划线组成，且不能以数字开头（如“招生人数2024”）",
     indicators=[*INDICATORS, ("2024招生", 16, "人", "")])(nothing)
case("indicator named as a word of Python", "工作表“指标” 单元格 A5", "名称“for”不能用作模板中的名字",
     indicators=[*INDICATORS, ("for", 16, "人", "")])(nothing)
case("indicator named 报告", "工作表“指标” 单元格 A5", "名称“报告”是保留名", "处理办法：换一个名称\n",
     indicators=[*INDICATORS, ("报告", 1, "", "")])(nothing)
case("indicator with a zero-width space", "工作表“指标”", indicators=[*INDICATORS, ("学校\u200b数", 1, "", "")])(nothing)
case("workbook open in Excel", "data/数据.xlsx", "锁定文件 ~$数据.xlsx", verdict="warning")(
    lambda p: (p / "data" / "~$数据.xlsx").write_bytes(b"\0" * 165))
case("workbook of random bytes", "数据.xlsx", "不是 Excel 工作簿")(lambda p: (p / WORKBOOK).write_bytes(os.urandom(4096)))
case("workbook cut in half", "数据.xlsx")(
    lambda p: (p / WORKBOOK).write_bytes((p / WORKBOOK).read_bytes()[:4000]))
case("workbook empty", "数据.xlsx", "不是 Excel 工作簿")(lambda p: (p / WORKBOOK).write_bytes(b""))
case("workbook missing", "[data].workbook", "找不到文件 data/数据.xlsx")(lambda p: (p / WORKBOOK).unlink())
case("workbook is a renamed CSV", "数据.xlsx", "不是 Excel 工作簿")(
    lambda p: (p / WORKBOOK).write_text("名称,数值\n学校总数,15\n", encoding="utf-8"))
case("workbook is an old .xls", "数据.xlsx", "旧版 .xls")(
    lambda p: (p / WORKBOOK).write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512))
case("chart sheet missing", "工作表“图片清单” 单元格 C2", "找不到图表数据工作表“无此表”",
     figures=[("校园", "图表", "无此表", "图表", 12, "柱形图", None)])(nothing)
case("chart of words", "工作表“图表1” 单元格 B2", "图表数据应为数字", "填写数字；没有数据的填 0",
     figures=[("校园", "图表", "图表1", "图表", 12, "柱形图", None)],
     extra_sheets={**TABLE_SHEET, "图表1": ([["类别", "人数"], ["甲", "很多"], ["乙", 3]], [])})(nothing)
case("pie with a negative share", "工作表“图表1” 单元格 B2", "饼图的数值不能为负数（-5）",
     "饼图表示各部分占整体的份额：改正数值，或在插图清单中改用柱形图",
     figures=[("校园", "图表", "图表1", "图表", 12, "饼图", None)],
     extra_sheets={**TABLE_SHEET, "图表1": ([["类别", "人数"], ["甲", -5], ["乙", 7]], [])})(nothing)
case("unknown chart kind", "工作表“图片清单”", "图表类型“雷达图”不可用",
     figures=[("校园", "图表", "图表1", "图表", 12, "雷达图", None)],
     extra_sheets={**TABLE_SHEET, "图表1": ([["类别", "人数"], ["甲", 5]], [])})(nothing)
case("indicator without a name", "工作表“指标” 单元格 A5", "名称为空", "填写名称，或删除这一行",
     indicators=[*INDICATORS, ("", 16, "所", "")])(nothing)
case("table without a caption", "工作表“表格清单” 单元格 C2", "表格“学校情况”没有表题",
     tables=[("学校情况", "表1", "", 2, "", "")])(nothing)
case("table column widths of an unknown kind", "工作表“表格清单” 单元格 G2", "列宽“按尺寸”不可用")(
    lambda p: (edit_cell(p, "表格清单", "G1", "列宽"), edit_cell(p, "表格清单", "G2", "按尺寸")))
case("table of an unknown kind", "工作表“表格清单” 单元格 G2", "类型“章节”不可用")(
    lambda p: (edit_cell(p, "表格清单", "G1", "类型"), edit_cell(p, "表格清单", "G2", "章节")))
case("header merged down past its rows", "工作表“表格清单” 单元格 D2",
     "表头行数 1 少于表格“表1”表头实际占的行数：单元格 A1 向下合并到第 2 行", "把表头行数改为 2",
     tables=[("学校情况", "表1", "学校情况表", 1, "", "")])(nothing)
case("header merged down past its rows in two columns", "工作表“表格清单” 单元格 D2",
     "表头行数 2 少于表格“表1”表头实际占的行数：单元格 A2 向下合并到第 3 行",  # the leftmost, not the topmost
     tables=[("学校情况", "表1", "学校情况表", 2, "", "")],
     extra_sheets={"表1": ([["类别", "人数", "女生"], ["学校", None, 8], [None, None, 7], ["甲", 15, 8]],
                           ["A2:A3", "B1:B3"])})(nothing)
case("header counting a row of data", "工作表“表格清单” 单元格 D2",
     "表头行数 3 把表格“表1”的第 3 行也算作表头，但这一行是数据（15、8、7）", "把表头行数改为 2",
     tables=[("学校情况", "表1", "学校情况表", 3, "", "")])(nothing)
case("header of two rows whose second holds two numbers", "工作表“表格清单” 单元格 D2",
     "表头行数 2 把表格“表1”的第 2 行也算作表头，但这一行是数据（15、8）", "把表头行数改为 1",
     tables=[("学校情况", "表1", "学校情况表", 2, "", "")],
     extra_sheets={"表1": ([["类别", "人数", "女生"], ["中职学校", 15, 8], ["技工学校", 6, 2]], [])})(nothing)
case("header whose first row is numbers", verdict="ok",  # column numbers: only a later header row can be data
     tables=[("学校情况", "表1", "学校情况表", 1, "", "")],
     extra_sheets={"表1": ([[101, 102], [15, 8]], [])})(nothing)
case("header row empty", "工作表“表1”第 1 行", "表头的第 1 行是空的（表头行数填的是 2）",
     "删去这一空行，或把表头行数改为表头实际占的行数",
     tables=[("学校情况", "表1", "学校情况表", 2, "", "")],
     extra_sheets={"表1": ([[None, None], ["类别", "人数"], ["中职学校", 15]], [])})(nothing)
# A header row every cell of which lies under a merge from the row above is part of the header, not empty;
# a merge covers only its own rows and columns.
case("header row wholly under merges from the row above", verdict="ok",
     tables=[("学校情况", "表1", "学校情况表", 2, "", "")],
     extra_sheets={"表1": ([["类别", "人数"], [None, None], ["中职学校", 15]], ["A1:A2", "B1:B2"])})(nothing)
case("header row wholly under one merge from column A", verdict="ok",
     tables=[("学校情况", "表1", "学校情况表", 2, "", "")],
     extra_sheets={"表1": ([["学校与人数", None], [None, None], ["中职学校", 15]], ["A1:B2"])})(nothing)
case("data cell merged down from the first row below the header", verdict="ok",
     tables=[("学校情况", "表1", "学校情况表", 1, "", "")],
     extra_sheets={"表1": ([["类别", "人数"], ["中职学校", 15], [None, 8]], ["A2:A3"])})(nothing)
case("header row empty below a merge across", "工作表“表1”第 2 行", "表头的第 2 行是空的（表头行数填的是 2）",
     tables=[("学校情况", "表1", "学校情况表", 2, "", "")],
     extra_sheets={"表1": ([["类别", "人数", None], [None, None, None], ["中职学校", 15, 8]], ["B1:C1"])})(nothing)
case("header row empty above a merge across", "工作表“表1”第 1 行", "表头的第 1 行是空的（表头行数填的是 2）",
     tables=[("学校情况", "表1", "学校情况表", 2, "", "")],
     extra_sheets={"表1": ([[None, None, None], ["类别", "人数", None], ["中职学校", 15, 8]], ["B2:C2"])})(nothing)
case("figure without a caption", "工作表“图片清单” 单元格 D2", "插图“校园”没有图题",
     figures=[("校园", "照片", "data/图片/校园.jpg", "", 12, None, None)])(nothing)
case("photo without a file named", "工作表“图片清单” 单元格 C2", "没有填写图片文件",
     figures=[("校园", "照片", None, "校园一角", 12, None, None)])(nothing)
case("figure of an unknown kind", "工作表“图片清单” 单元格 B2", "类型“视频”不可用", "填写“照片”或“图表”",
     figures=[("校园", "视频", "data/图片/校园.jpg", "校园一角", 12, None, None)])(nothing)
case("chart without a header", "工作表“图表1”", "图表数据应在第 1 行写表头", "如：专业大类 | 在校生数",
     figures=[("校园", "图表", "图表1", "图表", 12, "柱形图", None)],
     extra_sheets={**TABLE_SHEET, "图表1": ([[None, None], ["甲", 5]], [])})(nothing)
case("chart with categories but no series", "工作表“图表1”", "图表数据应在第 1 行写表头",
     figures=[("校园", "图表", "图表1", "图表", 12, "柱形图", None)],
     extra_sheets={**TABLE_SHEET, "图表1": ([["类别", None], ["甲", None]], [])})(nothing)
case("chart whose category column has no header", "工作表“图表1”", "图表数据应在第 1 行写表头",
     figures=[("校园", "图表", "图表1", "图表", 12, "柱形图", None)],
     extra_sheets={**TABLE_SHEET, "图表1": ([[None, "人数"], ["甲", 5]], [])})(nothing)
case("chart data without a category", "工作表“图表1” 单元格 A3", "第 3 行有图表数据（7）但没有类别",
     figures=[("校园", "图表", "图表1", "图表", 12, "柱形图", None)],
     extra_sheets={**TABLE_SHEET, "图表1": ([["类别", "人数"], ["甲", 5], [None, 7]], [])})(nothing)
case("chart without data rows", "工作表“图表1”", "图表没有数据行", "从第 2 行起每行填写一个类别及其数值",
     figures=[("校园", "图表", "图表1", "图表", 12, "柱形图", None)],
     extra_sheets={**TABLE_SHEET, "图表1": ([["类别", "人数"]], [])})(nothing)
case("chart cell showing #N/A", "工作表“图表1” 单元格 B3", "图表数据显示 Excel 的错误值 #N/A",
     figures=[("校园", "图表", "图表1", "图表", 12, "柱形图", None)],
     extra_sheets={**TABLE_SHEET, "图表1": ([["类别", "人数"], ["甲", 5], ["乙", "#N/A"]], [])})(nothing)
case("figure width as a word", "工作表“图片清单” 单元格 E2", "宽度应为 1 厘米以上的数")(lambda p: edit_cell(p, "图片清单", "E2", "宽"))
case("figure width negative", "工作表“图片清单” 单元格 E2", "宽度应为 1 厘米以上的数")(lambda p: edit_cell(p, "图片清单", "E2", -5))
case("figure width of a hair", "工作表“图片清单” 单元格 E2", "1 厘米以上")(lambda p: edit_cell(p, "图片清单", "E2", 1e-45))
case("figure width of 1%", "工作表“图片清单” 单元格 E2", "5% 到 100%")(lambda p: edit_cell(p, "图片清单", "E2", "1%"))
case("figure width 1000 cm", "工作表“图片清单” 第 2 行", "超过版心宽度", verdict="warning")(
    lambda p: edit_cell(p, "图片清单", "E2", 1000))



def add_rule(project: Path, equation, tolerance=None, label="学校数核对") -> None:
    book = openpyxl.load_workbook(project / WORKBOOK)
    if "校验规则" not in book.sheetnames:
        book.create_sheet("校验规则").append(["规则", "公式", "允许误差"])
    sheet = book["校验规则"]
    sheet.append([label, equation, tolerance])
    book.save(project / WORKBOOK)


case("rule with a full-width equals sign", verdict="ok")(lambda p: add_rule(p, "学校总数 ＝ 15"))
case("rule that does not hold", "工作表“校验规则” 单元格 B2", "规则“学校数核对”不成立：学校总数 = 15，16 = 16，相差 1\n",
     "核对这些数字的来源，改正工作簿中有误的一方", verdict="warning")(lambda p: add_rule(p, "学校总数 = 16"))
case("rule on large numbers a little apart", "规则“学校数核对”不成立", "相差 100\n", verdict="warning")(
    lambda p: add_rule(p, "学校总数 * 100000000000 = 1500000000100"))  # a relative test would let it pass
case("rule within its tolerance", verdict="ok")(lambda p: add_rule(p, "就业率 = 0.993", 0.001))
case("rule with two equals signs", "工作表“校验规则” 单元格 B2", "应写成“左边 = 右边”")(
    lambda p: add_rule(p, "学校总数 = 15 = 15"))
case("rule without a right side", "工作表“校验规则” 单元格 B2", "应写成“左边 = 右边”", "如：升学本科 + 升学专科 = 升学人数")(
    lambda p: add_rule(p, "学校总数 ="))
case("rule with a negative tolerance", "工作表“校验规则” 单元格 C2", "允许误差应为 0 或正数", "如 0 或 0.0001")(
    lambda p: add_rule(p, "学校总数 = 15", -1))
case("rule reading a missing sheet", "工作表“校验规则” 单元格 B2", "找不到工作表“表9”")(
    lambda p: add_rule(p, '单元格("表9", "C3") = 15'))
case("rule reading a cell of text", "工作表“校验规则” 单元格 B2", "单元格 A3 不是数字")(
    lambda p: add_rule(p, '单元格("表1", "A3") = 15'))
case("rule reading a misspelt sheet", "工作表“校验规则” 单元格 B2", "找不到工作表“表 1”，是否是“表1”？")(
    lambda p: add_rule(p, '单元格("表 1", "C3") = 8'))
case("every rule checked after bad ones", "单元格 B2：规则“甲”的公式应写成", "单元格 C3：允许误差应为 0 或正数",
     "单元格 B4：规则“丙”无法计算", "单元格 B5：规则“丁”不成立")(
    lambda p: [add_rule(p, *rule) for rule in (("学校总数 =", None, "甲"), ("学校总数 = 15", -1, "乙"),
                                               ('单元格("表9", "C3") = 15', None, "丙"), ("学校总数 = 16", None, "丁"))])
case("rule reading a sheet like none", "工作表“校验规则” 单元格 B2", "无法计算：找不到工作表“教师花名册”\n")(
    lambda p: add_rule(p, '单元格("教师花名册", "C3") = 8'))  # no guess offered: nothing is close
case("rule reading a cell address that is none", "工作表“校验规则” 单元格 B2", "单元格地址“三行”写法有误，应如 C2",
     "检查公式中的名称和单元格地址")(
    lambda p: add_rule(p, '单元格("表1", "三行") = 8'))


def _error_cell(project: Path) -> None:
    book = openpyxl.load_workbook(project / WORKBOOK)
    book.create_sheet("核对")["B2"] = "#N/A"  # openpyxl stores it as an error value, as Excel does
    book.save(project / WORKBOOK)
    add_rule(project, '单元格("核对", "B2") = 15')


case("rule reading an Excel error value", "工作表“校验规则” 单元格 B2", "单元格 B2 显示 Excel 的错误值 #N/A")(
    _error_cell)

# ---- photos ------------------------------------------------------------------------------------

case("photo missing", "工作表“图片清单” 单元格 C2", "找不到图片文件")(lambda p: (p / "data/图片/校园.jpg").unlink())
case("photo cut in half", "单元格 C2", "截断.jpg", "不完整或已损坏")(
    lambda p: use_photo(p, "截断.jpg", jpeg((800, 600))[:1500]))
case("photo empty", "单元格 C2", "空.jpg", "0 字节")(lambda p: use_photo(p, "空.jpg", b""))
case("photo is text", "单元格 C2", "假.jpg", "不是可识别的图片")(lambda p: use_photo(p, "假.jpg", "不是图片".encode()))
case("photo is an icon", "单元格 C2", "不支持 ICO 格式")(
    lambda p: (Image.new("RGB", (64, 64)).save(p / "data/图片/图标.ico"), edit_cell(p, "图片清单", "C2", "data/图片/图标.ico")))
case("decompression bomb", "单元格 C2", "炸弹.png", "超过可处理的 89 百万像素")(
    lambda p: use_photo(p, "炸弹.png", png_bomb()))
case("photo path is a folder", "单元格 C2", "找不到图片文件 data/图片")(lambda p: edit_cell(p, "图片清单", "C2", "data/图片"))
case("photo outside the project", "单元格 C2", "在报告项目文件夹之外")(
    lambda p: edit_cell(p, "图片清单", "C2", "../../../../etc/passwd"))
case("photo path written the Windows way", verdict="ok")(lambda p: edit_cell(p, "图片清单", "C2", "data\\图片\\校园.jpg"))
case("photo of one pixel", "工作表“图片清单” 第 2 行", "只有 1×1 像素", verdict="warning")(
    lambda p: use_photo(p, "一像素.jpg", jpeg((1, 1))))

# ---- configuration -----------------------------------------------------------------------------

case("configuration with a BOM", verdict="ok")(
    lambda p: (p / "reportgen.toml").write_bytes(b"\xef\xbb\xbf" + (p / "reportgen.toml").read_bytes()))
case("configuration in GBK", "reportgen.toml", "不是 UTF-8 编码")(
    lambda p: (p / "reportgen.toml").write_bytes((p / "reportgen.toml").read_text(encoding="utf-8").encode("gbk")))
case("configuration syntax", "reportgen.toml 第 2 行", "格式有误")(
    lambda p: replace_config(p, 'title = "测试报告"', 'title = "测试报告'))
case("configuration missing", "缺少配置文件 reportgen.toml")(lambda p: (p / "reportgen.toml").unlink())
case("margin of 200 mm", "[profile].margin_top_mm", "应在 5 到 100 之间", profile="margin_top_mm = 200")(nothing)
case("margins wider than the page", "[profile]", "放不下正文",
     profile="margin_left_mm = 100\nmargin_right_mm = 100\npage_width_mm = 150")(nothing)
case("image_dpi of 0", "[profile].image_dpi", "应在 72 到 600 之间", profile="image_dpi = 0")(nothing)
case("negative font size", "[profile]", profile="body_size_pt = -3")(nothing)
case("empty font name", "[profile]", profile='body_font = ""')(nothing)
case("misspelt setting", "[profile].margin_tpo_mm", "margin_top_mm", profile="margin_tpo_mm = 30")(nothing)
case("setting of the wrong type", "[profile].margin_top_mm", "应为数字", profile='margin_top_mm = "abc"')(nothing)
case("year as text", "[report].year", "应为整数")(lambda p: replace_config(p, "year = 2025", 'year = "2025年"'))
case("quoted date", "[report].date", "日期")(lambda p: replace_config(p, "date = 2025-12-01", 'date = "2025-12-01"'))
case("title missing", "缺少设置项 title")(lambda p: replace_config(p, 'title = "测试报告"\n', ""))
case("title empty", "[report].title", "报告标题是空的")(lambda p: replace_config(p, 'title = "测试报告"', 'title = "  "'))
case("title of 120 characters", verdict="ok", draft=f"output/{'测' * 60}.docx")(
    lambda p: replace_config(p, 'title = "测试报告"', f'title = "{"测" * 120}"'))
case("title with a slash", verdict="ok", draft="output/测试_报告.docx")(
    lambda p: replace_config(p, 'title = "测试报告"', 'title = "测试/报告"'))
case("title ending in a dot and spaces", verdict="ok", draft="output/测试报告.docx")(
    lambda p: replace_config(p, 'title = "测试报告"', 'title = " 测试报告. "'))
case("title starting with a dot", verdict="ok", draft="output/测试报告.docx")(
    lambda p: replace_config(p, 'title = "测试报告"', 'title = ".测试报告"'))
case("title of dots only", verdict="ok", draft="output/报告.docx")(
    lambda p: replace_config(p, 'title = "测试报告"', 'title = ".."'))
case("no sections", "reportgen.toml", "没有列出章节")(
    lambda p: (p / "reportgen.toml").write_text((p / "reportgen.toml").read_text(encoding="utf-8").split("[[sections]]")[0],
                                                encoding="utf-8"))
case("section id repeated", "第 2 个 [[sections]]", "章节标识 概况 重复")(
    lambda p: replace_config(p, 'template = "templates/1-概况.docx"\n',
                             'template = "templates/1-概况.docx"\n\n[[sections]]\nid = "概况"\n'
                             'template = "templates/1-概况.docx"\n'))
case("section template outside the project", "[[sections]].template", "指向报告项目文件夹之外")(
    lambda p: replace_config(p, 'template = "templates/1-概况.docx"', 'template = "/etc/passwd"'))

# ---- a 公文 ------------------------------------------------------------------------------------

GONGWEN = ('\n[gongwen]\nissuer_mark = "某市教育局文件"\nnumber = "某教发〔2025〕1号"\n'
           'recipients = "各县（区）教育局"\nprinted_by = "某市教育局办公室"\n')


def as_kind(kind: str, gongwen: str = GONGWEN):
    """The project made a 公文 of `kind`, with `gongwen` as its [gongwen] table."""
    def setup(project: Path) -> None:
        replace_config(project, "[report]\n", f'[report]\nkind = "{kind}"\n')
        replace_config(project, "[profile]", gongwen + "\n[profile]")
    return setup


case("a notice", verdict="ok")(as_kind("通知"))
case("a notice without [gongwen]", "reportgen.toml [gongwen]", "缺少设置项 issuer_mark", "缺少设置项 number")(
    as_kind("通知", ""))
case("a 发文字号 in square brackets", "[gongwen].number", "六角括号")(
    as_kind("通知", GONGWEN.replace("〔2025〕1号", "[2025]第01号")))
case("a request without 签发人", "[gongwen]", "请示是上行文，须标注签发人")(as_kind("请示"))
case("a notice with 签发人", "[gongwen].signers", "通知是下行文，不标注签发人")(
    as_kind("通知", GONGWEN + 'signers = "张三"\n'))
case("sealed as text", "[gongwen].sealed", "应为“true”或“false”")(as_kind("通知", GONGWEN + 'sealed = "是"\n'))
case("a misspelt 公文 setting", "[gongwen].recipient", "recipients")(as_kind("通知", GONGWEN + 'recipient = "某"\n'))
case("[gongwen] in a report", "reportgen.toml [gongwen]", "只用于公文")(
    lambda p: replace_config(p, "[profile]", GONGWEN + "\n[profile]"))
case("an unknown kind", "[report].kind", "没有名为“公告”的文档类型")(as_kind("公告"))
case("a kind as a number", "[report].kind", "类型不对")(lambda p: replace_config(p, "[report]\n", "[report]\nkind = 3\n"))

# ---- output folder and files -------------------------------------------------------------------

case("stale Word lock file", "测试报告.docx", "锁定文件 ~$测试报告.docx")(
    lambda p: (p / "output" / "~$测试报告.docx").write_bytes(b"\0" * 162))
case("stale Word lock file of a long name", "锁定文件 ~$书稿一.docx", args=lambda p: ["-o", str(p / "output" / "报告书稿一.docx")])(
    lambda p: (p / "output" / "~$书稿一.docx").write_bytes(b"\0" * 162))
case("stale LibreOffice lock file", "测试报告.docx", "锁定文件 .~lock.测试报告.docx#")(
    lambda p: (p / "output" / ".~lock.测试报告.docx#").write_text("x,host,user;"))
case("draft edited since the build", "测试报告.docx", "被修改过", "--force")(
    lambda p: (p / DRAFT).write_bytes((p / DRAFT).read_bytes() + b"\0"))
case("draft path is a folder", "测试报告.docx", "这里是一个文件夹")(
    lambda p: ((p / DRAFT).unlink(), (p / DRAFT).mkdir()))
case("output folder is a file", "output", "这是一个文件，不是文件夹")(
    lambda p: (shutil.rmtree(p / "output"), (p / "output").write_text("不是文件夹")))
case("configured output folder is a file", "输出", "这是一个文件，不是文件夹")(
    lambda p: (replace_config(p, "[profile]", '[output]\ndir = "输出"\n\n[profile]'), (p / "输出").write_text("x")))
case("-o with .doc", "草稿.doc", "应以 .docx 结尾", args=lambda p: ["-o", str(p / "草稿.doc")])(nothing)
case("-o with .DOCX in capitals", verdict="ok", draft="草稿.DOCX", args=lambda p: ["-o", str(p / "草稿.DOCX")])(nothing)
case("-o without a suffix", "草稿", "应以 .docx 结尾", args=lambda p: ["-o", str(p / "草稿")])(nothing)
case("-o onto the master template", "总模板.docx", "这是报告项目的模板文件", args=lambda p: ["-o", str(p / MASTER)])(nothing)
case("-o onto a chapter template with --force", "1-概况.docx", "这是报告项目的模板文件",
     args=lambda p: ["-o", str(p / CHAPTER), "--force"])(nothing)
case("-o onto the workbook", "数据.xlsx", "应以 .docx 结尾", args=lambda p: ["-o", str(p / WORKBOOK)])(nothing)
case("-o under a file", "reportgen.toml", "这是一个文件，不是文件夹",
     args=lambda p: ["-o", str(p / "reportgen.toml" / "稿.docx")])(nothing)
case("-o into new folders", verdict="ok", draft="新文件夹/子/稿.docx",
     args=lambda p: ["-o", str(p / "新文件夹" / "子" / "稿.docx")])(nothing)
case("-o with a name too long for the file system", "无法使用这个位置",
     args=lambda p: ["-o", str(p / ("长" * 100 + ".docx"))])(nothing)
case("--section unknown", "章节", args=lambda p: ["--section", "不存在"])(nothing)
case("output folder not writable", "output", "无法在这个文件夹中写入文件")(
    lambda p: (p / "output").chmod(0o555) if os.geteuid() else _immutable(p / "output"))
case("ledger damaged", "测试报告.docx", "无法确认草稿是否被编辑改过", ".reportgen-drafts.json 已损坏")(
    lambda p: (p / "output" / ".reportgen-drafts.json").write_text("{not json"))
case("ledger is a list", "测试报告.docx", ".reportgen-drafts.json 已损坏")(
    lambda p: (p / "output" / ".reportgen-drafts.json").write_text("[]"))
case("ledger damaged, no draft yet", verdict="ok")(
    lambda p: ((p / "output" / ".reportgen-drafts.json").write_text("{not json"), (p / DRAFT).unlink()))
case("ledger cannot be written", "草稿已保存，但无法记下它的指纹", verdict="warning", foreseen=False)(
    lambda p: ((p / "output" / ".reportgen-drafts.json").unlink(), (p / "output" / ".reportgen-drafts.json").mkdir(),
               (p / DRAFT).unlink()))
case("photo cache is a file", verdict="ok")(
    lambda p: (shutil.rmtree(p / "output" / ".reportgen-cache", ignore_errors=True),
               (p / "output" / ".reportgen-cache").write_text("x")))
case("photo cache index is a list", verdict="ok")(
    lambda p: ((p / "output" / ".reportgen-cache").mkdir(exist_ok=True),
               (p / "output" / ".reportgen-cache" / "known.json").write_text("[1, 2]")))


def _immutable(folder: Path) -> None:
    """As root, permissions do not bite: make the folder immutable, or skip where that is not possible."""
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("cannot make a folder unwritable here (root, without chattr)")


# ------------------------------------------------------------------------------------------ the tests

@pytest.fixture(scope="module")
def built_project(tmp_path_factory) -> Path:
    """A small project built once; each case works on a copy, so its draft is one reportgen wrote."""
    project = make_project(tmp_path_factory.mktemp("built"))
    result = reportgen("build", str(project))
    assert result.exit_code == 0, result.output
    return project


@pytest.fixture
def project(built_project, tmp_path) -> Path:
    copy = tmp_path / "项目"
    shutil.copytree(built_project, copy)
    return copy


def assert_verdict(project: Path, args: list[str], verdict: str, expect=(), draft: Path | None = None,
                   foreseen=True) -> None:
    """check and build with `args` agree on `verdict`, name what `expect`s, and keep the files sound."""
    before = snapshot(project)
    draft = draft or project / DRAFT
    written_before = _identity(draft)
    checked = reportgen("check", str(project), *args)
    assert snapshot(project) == before, "check changed a file"
    built = reportgen("build", str(project), *args)
    for result in (checked, built):
        assert "内部错误" not in result.output and "Traceback" not in result.output, result.output
        assert result.exit_code == (1 if verdict == "error" else 0), result.output
        if result is checked and not foreseen:
            continue
        for text in expect:
            assert text in result.output, f"{text!r} not in:\n{result.output}"
        if verdict != "error":  # a warning is expected exactly when the case says so
            assert ("[警告]" in result.output) == (verdict == "warning"), result.output
    if verdict == "error":
        assert snapshot(project) == before, "a refused build changed the project's files"
        assert not [p for p in project.rglob(".~reportgen-*")], "temporary files left"
    else:
        assert _identity(draft) not in (None, written_before), f"the build did not write {draft}"
        assert draft_defects(draft) == []


def _identity(path: Path):
    """Which file is at `path` (a draft is renamed into place: a new one is a new file), or None."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns


@pytest.mark.bad_input
@pytest.mark.parametrize("name", CASES)
def test_hostile_input(project, name):
    case = CASES[name]
    try:
        case.setup(project)
        assert_verdict(project, case.args(project), case.verdict, case.expect, project / case.draft, case.foreseen)
    finally:
        if shutil.which("chattr"):  # an immutable folder (`_immutable`) must become deletable again
            subprocess.run(["chattr", "-i", str(project / "output")], capture_output=True)


def test_the_suite_covers_every_kind_of_input():
    assert len(CASES) >= 80
    kinds = {"template": ("模板", "1-概况.docx", "总模板.docx"), "workbook": ("工作表", "数据.xlsx"), "photo": ("图片",),
             "configuration": ("reportgen.toml", "[profile]", "[report]", "[[sections]]"),
             "output": ("测试报告.docx", "草稿", ".docx 结尾")}
    for kind, markers in kinds.items():
        cases = [c for c in CASES.values() if any(m in e for m in markers for e in c.expect)]
        assert len(cases) >= 8, kind


def test_missing_project_folder(tmp_path):
    result = reportgen("check", str(tmp_path / "nowhere"))
    assert result.exit_code == 1 and "报告项目文件夹不存在" in result.output, result.output


@pytest.mark.parametrize("command", ["build", "check", "compare", "update", "pdf", "preview"])
def test_a_draft_where_the_project_folder_goes(tmp_path, command):
    draft = tmp_path / "草稿.docx"
    draft.write_bytes(b"PK")
    result = reportgen(command, str(draft))
    assert result.exit_code == 1, result.output
    assert f"[错误] {draft}：这是一个文件，不是报告项目文件夹\n" in result.output, result.output
    assert "pdf、preview、compare、update 用 --draft，build 用 -o" in result.output
    assert sorted(tmp_path.iterdir()) == [draft] and draft.read_bytes() == b"PK"


def test_a_file_given_as_the_project_to_copy(tmp_path):
    (tmp_path / "旧.docx").write_bytes(b"PK")
    result = reportgen("init", str(tmp_path / "新"), "--like", str(tmp_path / "旧.docx"))
    assert result.exit_code == 2 and f"文件夹“{tmp_path / '旧.docx'}”是一个文件，不是文件夹。" in result.output, result.output
    assert not (tmp_path / "新").exists()


# ---- generated inputs --------------------------------------------------------------------------

FUZZ_SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                         suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def fresh_project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("fresh"))


def _copy(source: Path, root: Path) -> Path:
    target = root / f"p{time.monotonic_ns()}"
    shutil.copytree(source, target)
    return target


def assert_agreement(project: Path) -> None:
    """Whatever the input: no internal error, check's verdict is build's, a refusal writes nothing."""
    before = snapshot(project)
    checked = reportgen("check", str(project))
    built = reportgen("build", str(project))
    for result in (checked, built):
        assert "内部错误" not in result.output and "Traceback" not in result.output, result.output
        assert result.exit_code in (0, 1), result.output
    assert checked.exit_code == built.exit_code, f"check:\n{checked.output}\nbuild:\n{built.output}"
    if built.exit_code:
        assert snapshot(project) == before
    else:
        assert draft_defects(project / DRAFT) == []


CELL_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                        st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=30),
                        st.sampled_from(["=1/0", "#DIV/0!", "1,234", "１５", "15所", " 15 ", "1e400", "-0", "=B3"]))


@FUZZ_SETTINGS
@given(value=CELL_VALUES, cell=st.sampled_from(["指标!B2", "指标!A3", "表1!C3", "图片清单!E2", "表格清单!D2"]))
def test_any_cell_value(fresh_project, tmp_path, value, cell):
    project = _copy(fresh_project, tmp_path)
    sheet, ref = cell.split("!")
    try:
        edit_cell(project, sheet, ref, value)
    except (ValueError, TypeError, IllegalCharacterError):  # openpyxl cannot store it, so no writer's workbook can hold it either
        return
    assert_agreement(project)


TEMPLATE_PIECES = st.sampled_from(
    ["{{", "}}", "{%", "%}", "{#", "#}", "｛｛", "｝｝", " 学校总数 ", "就业率", "|百分比", "|百分比(1)", "|万元", "|千分",
     "(", ")", '"', "'", "表格(\"学校情况\")", "插图(\"校园\")", "引用(\"校园\")", " if ", " for x in ", " endif ",
     " endfor ", "报告.标题", "报告.", "/", " 0 ", "\u200b", "\u3000", "\u00a0", "。", "全市共有", "-", "*", "~"])


@FUZZ_SETTINGS
@given(pieces=st.lists(TEMPLATE_PIECES, min_size=1, max_size=12))
def test_any_template_text(fresh_project, tmp_path, pieces):
    project = _copy(fresh_project, tmp_path)
    write_template(project / CHAPTER, [*CHAPTER_TEXT, "".join(pieces)])
    assert_agreement(project)


FORMULA_PIECES = st.sampled_from(["就业人数", "毕业生数", "学校总数", "+", "-", "*", "/", "(", ")", ",", "，", "（", "）",
                                  "求和", "最大", "最小", "四舍五入", "0", "1", "2.5", "1e308", "10", " ", "单元格",
                                  '"表1"', '"C3"', "**", "=", "不存在"])


@FUZZ_SETTINGS
@given(pieces=st.lists(FORMULA_PIECES, min_size=1, max_size=15))
def test_any_formula(fresh_project, tmp_path, pieces):
    project = _copy(fresh_project, tmp_path)
    edit_cell(project, "计算指标", "B2", "".join(pieces))
    assert_agreement(project)


# ---- the terminal and the process --------------------------------------------------------------

def _shell(project: Path, command: str) -> tuple[int, str]:
    """Run `reportgen build` in bash as `command` places it; the build's own exit status and its stderr."""
    script = (f'"{sys.executable}" -m reportgen build "{project}" 2>"{project}.err" {command}; '
              'echo "STATUS=${PIPESTATUS[0]}"')
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120)
    status = int(re.search(r"STATUS=(\d+)", done.stdout).group(1))
    return status, Path(f"{project}.err").read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("command", ["| head -c 1 >/dev/null", "| true", ">&-"])
def test_output_nobody_reads_changes_nothing(fresh_project, tmp_path, command):
    project = _copy(fresh_project, tmp_path)
    edit_cell(project, "图片清单", "E2", 1000)  # a warning, so there is more to print
    status, errors = _shell(project, command)
    assert status == 0, errors
    assert "Traceback" not in errors and "内部错误" not in errors and "Broken pipe" not in errors, errors
    assert draft_defects(project / DRAFT) == []


@pytest.fixture(scope="module")
def slow_photos(tmp_path_factory) -> list[Path]:
    """Three 36-megapixel PNG photos: seconds of work for the photo workers on any machine (a JPEG, of
    any size, is decoded at an eighth of its size in a fraction of a second)."""
    folder = tmp_path_factory.mktemp("photos")
    made = []
    for number in range(3):
        path = folder / f"照片{number}.png"
        Image.new("RGB", (6000, 6000), (60 * number, 90, 120)).save(path)
        made.append(path)
    return made


def _build_with_workers(project: Path, photos: list[Path]) -> tuple[subprocess.Popen, set[int]]:
    """Start a build of `project` with the large `photos` added (the build is still preparing them when a
    test interrupts it), in a process group of its own as a terminal would; return it once its photo
    workers run, and their ids."""
    book = openpyxl.load_workbook(project / WORKBOOK)
    for photo in photos:
        shutil.copy2(photo, project / "data" / "图片" / photo.name)
        book["图片清单"].append([photo.stem, "照片", f"data/图片/{photo.name}", photo.stem, 12])
    book.save(project / WORKBOOK)
    build = subprocess.Popen([sys.executable, "-m", "reportgen", "build", str(project)], start_new_session=True,
                             preexec_fn=as_from_a_terminal,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while not workers and time.monotonic() < deadline and build.poll() is None:
        workers = _children(build.pid)
        time.sleep(0.01)
    assert workers, "the build started no photo workers"
    return build, workers


def test_ctrl_c_ends_the_build_in_chinese_and_writes_nothing(fresh_project, slow_photos, tmp_path):
    project = _copy(fresh_project, tmp_path)
    build, _ = _build_with_workers(project, slow_photos)
    os.killpg(build.pid, signal.SIGINT)  # what Ctrl+C does: every process of the terminal's group
    try:
        out, errors = build.communicate(timeout=60)
    finally:  # a hung build fails the test without outliving it
        with contextlib.suppress(ProcessLookupError):
            if build.poll() is None:
                os.killpg(build.pid, signal.SIGKILL)
    assert build.returncode == 1, out + errors
    assert "已中断" in errors and "Traceback" not in errors and "KeyboardInterrupt" not in errors, errors
    assert not list(project.rglob(".~reportgen-*"))
    if (project / DRAFT).exists():  # interrupted after it was saved: whole, never half
        assert draft_defects(project / DRAFT) == []


def test_photo_workers_end_with_a_killed_build(fresh_project, slow_photos, tmp_path):
    project = _copy(fresh_project, tmp_path)
    build, workers = _build_with_workers(project, slow_photos)
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 10
    while workers and time.monotonic() < deadline:
        workers = {pid for pid in workers if _alive(pid)}
        time.sleep(0.05)
    assert not workers, "photo workers outlived their build"


def test_photo_workers_obey_sigterm(fresh_project, slow_photos, tmp_path):
    """What a system's shutdown or `kill` sends: the workers are forked while the build holds SIGTERM back
    (`interrupts.uninterrupted`), and must not inherit that."""
    project = _copy(fresh_project, tmp_path)
    build, workers = _build_with_workers(project, slow_photos)
    try:
        for worker in workers:  # its photo may be done within the 10 s below: ask the system too
            deadline = time.monotonic() + 10  # a worker just forked has not yet run its initializer
            while _catches_sigterm(worker) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not _catches_sigterm(worker), "a photo worker catches SIGTERM"
            os.kill(worker, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while workers and time.monotonic() < deadline:
            workers = {pid for pid in workers if _alive(pid)}
            time.sleep(0.05)
        assert not workers, "photo workers ignored SIGTERM"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build.pid, signal.SIGKILL)
        build.communicate()


def _catches_sigterm(pid: int) -> bool:
    with contextlib.suppress(OSError):  # gone: catches nothing
        caught = int(Path(f"/proc/{pid}/status").read_text().split("SigCgt:")[1].split()[0], 16)
        return bool(caught & 1 << (signal.SIGTERM - 1))
    return False


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_108_megapixel_camera_photo_is_accepted_in_bounded_memory(fresh_project, tmp_path):
    project = _copy(fresh_project, tmp_path)
    Image.new("L", (12000, 9000), 120).save(project / "data/图片/校园.jpg", quality=90)  # a 108 MP camera frame
    measure = ("import resource, subprocess, sys; "
               "done = subprocess.run([sys.executable, '-m', 'reportgen', 'build', sys.argv[1]]); "
               "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", measure, str(project)], capture_output=True, text=True, timeout=300)
    code, peak_kb = map(int, done.stdout.split()[-2:])
    assert code == 0, done.stdout + done.stderr
    assert peak_kb < 300 * 1024, f"peak memory {peak_kb // 1024} MB"
    with zipfile.ZipFile(project / DRAFT) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        assert len(media) == 1 and package.getinfo(media[0]).file_size < 2_000_000


def test_a_problem_is_reported_where_it_is_and_not_again_by_what_depends_on_it(project):
    edit_cell(project, "指标", "B3", "很多")  # 毕业生数, which the formula of 就业率 reads
    add_rule(project, "学校总数 = 15")
    result = reportgen("check", str(project))
    assert result.exit_code == 1 and "单元格 B3：指标“毕业生数”的数值“很多”不是数字" in result.output, result.output
    assert result.output.count("[错误]") == 1, result.output
    assert "校验规则待上述错误改正后再检查" in result.output  # not "0 条校验规则", as if there were none
    (project / WORKBOOK).write_bytes(b"PK\x03\x04 damaged")  # unreadable: the templates' names are not blamed
    result = reportgen("check", str(project))
    assert result.exit_code == 1 and result.output.count("[错误]") == 1, result.output


def test_a_save_failing_halfway_leaves_the_earlier_draft_and_no_temporary_file(project, monkeypatch):
    """The draft is written to a temporary file beside it (a rename to another disk would be a copy, not
    atomic) and renamed into place: a save that dies midway (a full disk) changes nothing."""
    from reportgen.oxml import package
    real_save = package.save
    folders = []

    def failing_save(document, file, **options):
        if options.get("layout_only") or not str(file).endswith(".docx") or ".~reportgen-" not in str(file):
            return real_save(document, file, **options)
        folders.append(Path(file).parent)
        Path(file).write_bytes(b"PK\x03\x04 half a package")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(package, "save", failing_save)
    before = snapshot(project)
    result = reportgen("build", "--force", str(project))
    assert result.exit_code == 1 and "写入失败（磁盘空间不足）" in result.output, result.output
    assert snapshot(project) == before and not list(project.rglob(".~reportgen-*"))
    assert folders == [(project / DRAFT).parent]


@pytest.mark.parametrize(("fails", "place", "message"), [
    ("mkstemp", "output", "无法在输出文件夹中写入文件（磁盘空间不足）\n        处理办法：检查该文件夹是否存在、是否有写入权限，或用 -o 指定其他位置"),
    ("save", DRAFT, "写入失败（磁盘空间不足）\n        处理办法：检查磁盘空间和写入权限"),
    ("replace", DRAFT, "无法覆盖文件：它可能正在 Word 或 WPS 中打开\n        处理办法：关闭该文件后重新运行"),
])
def test_each_step_of_writing_the_draft_failing_says_where_and_what_to_do(project, monkeypatch, fails, place, message):
    """The temporary file cannot be made, the save fails (a full disk), or the rename is refused (Windows
    answers so for a draft open in Word): one error naming the file or folder, with its fix, and the
    project as it was."""
    from reportgen import output
    from reportgen.oxml import package
    real_save, real_replace, real_mkstemp = package.save, os.replace, output.tempfile.mkstemp

    def full_disk(*args, **options):
        raise OSError(28, "No space left on device")

    def save(document, file, **options):
        return (full_disk if ".~reportgen-" in str(file) else real_save)(document, file, **options)

    def replace(source, target):
        if str(target).endswith(".docx"):
            raise PermissionError(13, "Permission denied")
        return real_replace(source, target)

    def mkstemp(*args, **options):
        return (full_disk if options.get("prefix") == ".~reportgen-" else real_mkstemp)(*args, **options)
    monkeypatch.setattr(*{"mkstemp": (output.tempfile, "mkstemp", mkstemp), "save": (package, "save", save),
                          "replace": (output.os, "replace", replace)}[fails])
    before = snapshot(project)
    result = reportgen("build", "--force", str(project))
    assert result.exit_code == 1, result.output
    assert f"发现 1 个错误、0 个警告，未生成草稿：\n  [错误] {project / place}：{message}\n" in result.output
    assert snapshot(project) == before and not list(project.rglob(".~reportgen-*"))


def test_a_record_of_fingerprints_that_cannot_be_written_is_a_warning_naming_it(project):
    """The draft is written, and the writer is told that its fingerprint could not be kept (the record
    is a folder here), which file that is, and what the next build will do; no temporary file stays."""
    ledger = project / "output" / ".reportgen-drafts.json"
    ledger.unlink()
    ledger.mkdir()
    result = reportgen("build", "--force", str(project))
    assert result.exit_code == 0, result.output
    assert (f"  [警告] {ledger}：草稿已保存，但无法记下它的指纹（这是一个文件夹）\n        处理办法：下次生成时它会被当作"
            "编辑改过的草稿而不被覆盖（需加 --force）；检查该文件的写入权限\n完成：1 个章节，1 个表格，1 幅插图，1 个警告。\n"
            ) in result.output
    assert docx.Document(project / DRAFT).paragraphs and not list(ledger.parent.glob(".~*"))


def test_ctrl_c_as_the_draft_is_renamed_into_place_waits_for_its_fingerprint(project, monkeypatch):
    """Ctrl+C pressed the moment the new draft replaces the old, before its fingerprint is recorded: the
    build says it was interrupted, and the draft it wrote is whole and recorded as reportgen's own (not
    taken for an editor's by the next build, which would refuse to replace it without --force)."""
    from reportgen import output
    real_replace = os.replace

    def replace_then_ctrl_c(source, target):
        real_replace(source, target)
        if str(target).endswith(".docx"):
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(output.os, "replace", replace_then_ctrl_c)
    # Ctrl+C as a terminal delivers it: a run started in the background (as CI starts it) ignores SIGINT
    ignored = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        result = reportgen("build", "--force", str(project))
    finally:
        signal.signal(signal.SIGINT, ignored)
    assert result.exit_code == 1 and "已中断" in result.output, result.output
    draft = project / DRAFT
    recorded = json.loads((draft.parent / output.LEDGER).read_text(encoding="utf-8"))[draft.name]
    assert recorded == hashlib.sha256(draft.read_bytes()).hexdigest() and docx.Document(draft).paragraphs
    monkeypatch.undo()
    again = reportgen("build", str(project))  # no --force: the draft is known as the one built
    assert again.exit_code == 0, again.output


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_ctrl_c_or_kill_while_the_draft_is_written_takes_effect_once_it_is_recorded(tmp_path, number):
    """The write and its record run to their end under Ctrl+C or `kill` (SIGTERM), and the signal then
    ends the process as it would have."""
    script = ("import os, sys\nfrom reportgen.interrupts import uninterrupted\nwith uninterrupted():\n"
              f"    os.kill(os.getpid(), {int(number)})\n    open(sys.argv[1], 'w').write('recorded')\nprint('after')\n")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "ledger")], capture_output=True, text=True,
                          preexec_fn=as_from_a_terminal)
    assert (tmp_path / "ledger").read_text() == "recorded"
    assert done.returncode in (1, -number) and "after" not in done.stdout, done


def test_a_rebuild_replaces_the_draft_and_never_writes_into_it(project, tmp_path):
    """The new draft is a new file renamed over the old one, never the old file rewritten: a hard link
    to the old draft (a copy an editor mailed from, a backup tool's snapshot) keeps the old bytes whole,
    and the new draft was flushed to the disk before the rename."""
    draft = project / DRAFT
    assert reportgen("build", "--force", str(project)).exit_code == 0
    old = draft.read_bytes()
    linked = tmp_path / "链接.docx"
    os.link(draft, linked)
    result = reportgen("build", "--force", str(project))
    assert result.exit_code == 0, result.output
    assert linked.read_bytes() == old and draft.stat().st_ino != linked.stat().st_ino  # a new file
    assert docx.Document(linked).paragraphs and docx.Document(draft).paragraphs


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names a flushed file from /proc")
def test_the_draft_reaches_the_disk_before_it_replaces_the_old_one(project, monkeypatch):
    synced, renamed = [], []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(handle):
        synced.append(os.readlink(f"/proc/self/fd/{handle}"))
        return real_fsync(handle)

    def replace(source, target):
        renamed.append((str(source), len(synced)))
        return real_replace(source, target)
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    assert reportgen("build", "--force", str(project)).exit_code == 0
    temp, synced_before = next((source, count) for source, count in renamed if ".~reportgen-" in source)
    assert temp in synced[:synced_before]  # the new draft's bytes, before the rename
    assert str(project / "output") in synced[synced_before:]  # then the folder's entry


def test_references_past_the_ninth_are_resolved(fresh_project, tmp_path):
    project = _copy(fresh_project, tmp_path)
    write_template(project / CHAPTER, [*CHAPTER_TEXT, *[f"第{i}次见{{{{ 引用(\"校园\") }}}}。" for i in range(1, 13)]])
    result = reportgen("build", str(project))
    assert result.exit_code == 0, result.output
    texts = [p.text for p in docx.Document(project / DRAFT).paragraphs]
    assert [t for t in texts if t.startswith("第") and "次见" in t] == [f"第{i}次见图 1。" for i in range(1, 13)]
    assert draft_defects(project / DRAFT) == []
