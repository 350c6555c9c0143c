"""Every bad input a writer can give gets a Chinese message naming the culprit.

Each case breaks one thing in a fresh small project and runs `reportgen check`
and `reportgen build` as a writer would: non-zero exit, the culprit named, no
traceback, and no draft written.
"""

from __future__ import annotations

import io
import zipfile

import docx
import numpy as np
import openpyxl
import pytest
from conftest import no_warnings, run_cli
from PIL import Image

from reportgen.data import photos

IMAGE = "data/图片/校园.jpg"


def _replace_config(project, old, new):
    path = project / "reportgen.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _edit_sheet(project, sheet, cell, value):
    path = project / "data" / "数据.xlsx"
    book = openpyxl.load_workbook(path)
    book[sheet][cell] = value
    book.save(path)


def _write(project, relative, data: bytes):
    (project / relative).write_bytes(data)


def _jpeg_bytes(**kwargs):
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "teal").save(buffer, "JPEG", **kwargs)
    return buffer.getvalue()


CASES = {
    # config
    "no config": (lambda p: (p / "reportgen.toml").unlink(), "缺少配置文件 reportgen.toml"),
    "config syntax": (lambda p: _replace_config(p, 'year = 2025', 'year = = 2025'), "第 3 行第 8 列：格式有误"),
    "config chinese key": (lambda p: _replace_config(p, 'title =', '标题 ='), "第 2 行第 1 列：格式有误"),
    "config quoted date": (lambda p: _replace_config(p, 'date = 2025-12-01', 'date = "2025-12-01"'),
                           "日期不加引号，写成 date = 2025-12-01"),
    "config missing key": (lambda p: _replace_config(p, 'year = 2025\n', ''), "缺少设置项 year"),
    "config mistyped key": (lambda p: _replace_config(p, 'title =', 'titel ='), "是否想写“title”"),
    "config wrong type": (lambda p: _replace_config(p, 'year = 2025', 'year = "二〇二五"'), "应为整数"),
    "config bad profile value": (lambda p: _replace_config(p, 'table_caption = "above"',
                                                             'table_caption = "top"'), "可选：above、below"),
    # workbook files
    "workbook missing": (lambda p: (p / "data/数据.xlsx").unlink(), "找不到文件 data/数据.xlsx"),
    "workbook is xls": (lambda p: _write(p, "data/数据.xlsx", bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512),
                        "旧版 .xls"),
    "workbook is csv": (lambda p: _write(p, "data/数据.xlsx", "名称,数值\n学校总数,15\n".encode()),
                        "不是 Excel 工作簿"),
    "workbook corrupt": (lambda p: _corrupt_zip(p / "data/数据.xlsx"), "工作簿已损坏"),
    # workbook content
    "sheet missing": (lambda p: _drop_sheet(p, "计算指标"), "缺少工作表“计算指标”"),
    "column missing": (lambda p: _edit_sheet(p, "指标", "C1", None), "缺少列“单位”"),
    "duplicate name": (lambda p: _edit_sheet(p, "指标", "A3", "学校总数"), "名称“学校总数”重复"),
    "empty value": (lambda p: _edit_sheet(p, "指标", "B2", None), "单元格 B2"),
    "text for number": (lambda p: _edit_sheet(p, "指标", "B2", "二千"), "“二千”不是数字"),
    "formula without result": (lambda p: _edit_sheet(p, "指标", "B2", "=B3+1"), "没有保存计算结果"),
    "bad name": (lambda p: _edit_sheet(p, "指标", "A2", "2024学校"), "不能以数字开头"),
    "table inserted twice": (lambda p: _append_paragraph(p, '{{ 表格("学校情况") }}'),
                             "表格“学校情况”插入了不止一次（第一次在 templates/1-概况.docx 第 4 段"),
    "header rows into the data": (lambda p: _edit_sheet(p, "表格清单", "D2", 3),
                                  "表头行数 3 把表格“表1”的第 3 行也算作表头，但这一行是数据（15、8、7）"),
    "empty header row": (lambda p: _sheet_with_empty_header(p), "工作表“表2”第 2 行：表头的第 2 行是空的"),
    "header rows too few": (lambda p: _edit_sheet(p, "表格清单", "D2", 1),
                            "表头行数 1 少于表格“表1”表头实际占的行数：单元格 A1 向下合并到第 2 行"),
    # images
    "image missing": (lambda p: (p / IMAGE).unlink(), "找不到图片文件"),
    "image outside project": (lambda p: _edit_sheet(p, "图片清单", "C2", "../../etc/passwd"), "项目文件夹之外"),
    "image not an image": (lambda p: _write(p, IMAGE, b"this is a text file"), "不是可识别的图片"),
    "image truncated": (lambda p: _write(p, IMAGE, _jpeg_bytes()[:3000]), "不完整或已损坏"),
    "image empty": (lambda p: _write(p, IMAGE, b""), "0 字节"),
    "image unsupported": (lambda p: _save_image(p, "ICO"), "不支持 ICO 格式"),
    "image bomb": (lambda p: _bomb(p), "超过可处理的 89 百万像素"),
    # templates
    "template not docx": (lambda p: _write(p, "templates/1-概况.docx", b"plain text"), "不是有效的 Word 文档"),
    "template corrupt": (lambda p: _corrupt_zip(p / "templates/1-概况.docx"), "不是有效的 Word 文档"),
}


def _append_paragraph(project, text):
    path = project / "templates" / "1-概况.docx"
    document = docx.Document(path)
    document.add_paragraph(text)
    document.save(path)


def _sheet_with_empty_header(project):
    path = project / "data" / "数据.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet("表2")
    for row in (["类别", "学校数"], [None, None], ["中职学校", 15]):
        sheet.append(row)
    book["表格清单"]["B2"] = "表2"
    book.save(path)


def _corrupt_zip(path):
    data = path.read_bytes()
    with zipfile.ZipFile(path, "w") as archive:  # a zip, but with mangled parts
        archive.writestr("[Content_Types].xml", data[100:400])


def _drop_sheet(project, name):
    path = project / "data" / "数据.xlsx"
    book = openpyxl.load_workbook(path)
    del book[name]
    book.save(path)


def _save_image(project, fmt):
    Image.new("RGB", (64, 64), "red").save(project / IMAGE, fmt)


def _bomb(project):
    Image.new("1", (20000, 20000)).save(project / IMAGE, "PNG")


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_reported_and_nothing_written(small_project, case):
    project = small_project()
    assert run_cli("build", str(project)).exit_code == 0
    draft = project / "output" / "测试报告.docx"
    before = draft.read_bytes()
    break_it, expected = CASES[case]
    break_it(project)
    for command in ("check", "build"):
        result = run_cli(command, str(project))
        assert result.exit_code != 0, result.output
        assert expected in result.output, result.output
        assert "Traceback" not in result.output
    assert draft.read_bytes() == before


def test_photo_that_passes_its_check_but_cannot_be_converted(small_project, monkeypatch):
    project = small_project()
    assert run_cli("build", str(project)).exit_code == 0
    draft = project / "output" / "测试报告.docx"
    before = draft.read_bytes()
    Image.new("RGB", (800, 600), "navy").save(project / IMAGE)  # new content: the cache misses

    def fail(*args):
        raise OSError("broken data stream")

    monkeypatch.setattr(photos, "prepare", fail)  # what a damaged file the decoder accepts would do
    result = run_cli("build", str(project), "--force")
    assert result.exit_code != 0
    assert "校园.jpg" in result.output and "图片无法处理" in result.output, result.output
    assert "Traceback" not in result.output
    assert draft.read_bytes() == before


def test_all_problems_are_reported_at_once(small_project):
    project = small_project()
    _edit_sheet(project, "指标", "B2", "二千")
    _edit_sheet(project, "指标", "B3", "很多")
    (project / IMAGE).unlink()
    result = run_cli("check", str(project))
    assert result.exit_code == 1
    assert "单元格 B2" in result.output and "单元格 B3" in result.output and "找不到图片文件" in result.output


def test_unambiguous_number_text_is_accepted(small_project):
    project = small_project()
    _edit_sheet(project, "指标", "B3", "2,948")
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    texts = [p.text for p in docx.Document(project / "output" / "测试报告.docx").paragraphs]
    assert "全市共有学校 15 所，就业率 99.32%。" in texts


def test_missing_project_folder(tmp_path):
    result = run_cli("check", str(tmp_path / "nowhere"))
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_output_folder_not_writable(small_project):
    project = small_project()
    (project / "blocker").write_text("a file where a folder should be")
    for command in ("check", "build"):  # check says what build would
        result = run_cli(command, str(project), "-o", str(project / "blocker" / "draft.docx"))
        assert result.exit_code != 0 and "blocker：这是一个文件，不是文件夹" in result.output, result.output


@pytest.mark.parametrize("mode", ["CMYK", "I;16", "P", "RGBA", "LA"])
def test_photo_colour_modes_come_out_right(small_project, mode):
    project = small_project()
    image = Image.new("RGB", (800, 600), (200, 40, 40))
    if mode == "I;16":
        image = Image.fromarray((np.ones((600, 800)) * 40000).astype(np.uint16))
        image.save(project / "data/图片/校园.png")
    else:
        image = image.convert(mode)
        image.save(project / ("data/图片/校园.jpg" if mode == "CMYK" else "data/图片/校园.png"))
    if mode != "CMYK":
        _edit_sheet(project, "图片清单", "C2", "data/图片/校园.png")
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    embedded = _embedded_images(project / "output" / "测试报告.docx")
    assert len(embedded) == 1
    assert embedded[0].mode in ("RGB", "RGBA", "L")


@pytest.mark.parametrize("orientation", [5, 6, 7, 8])  # turned a quarter, and turned and mirrored
def test_exif_rotated_photo_is_upright(small_project, orientation):
    project = small_project()
    image = Image.new("RGB", (2400, 1800), "teal")  # stored landscape, shown portrait by its EXIF tag
    exif = Image.Exif()
    exif[0x0112] = orientation
    image.save(project / IMAGE, exif=exif)
    original = (project / IMAGE).read_bytes()
    assert run_cli("build", str(project)).exit_code == 0
    picture = docx.Document(project / "output" / "测试报告.docx").inline_shapes[0]
    assert picture.height > picture.width
    embedded = _embedded_images(project / "output" / "测试报告.docx")[0]
    assert embedded.height > embedded.width
    assert abs(embedded.width - round(12 / 2.54 * 220)) <= 2  # 12 cm at 220 dpi: the shown width, not stored
    assert (project / IMAGE).read_bytes() == original  # the original untouched


def test_webp_photo_is_used(small_project):
    project = small_project()
    Image.new("RGB", (800, 600), "teal").save(project / "data/图片/校园.webp", "WEBP")
    _edit_sheet(project, "图片清单", "C2", "data/图片/校园.webp")
    result = run_cli("build", str(project))
    assert result.exit_code == 0 and no_warnings(result.output), result.output
    assert len(_embedded_images(project / "output" / "测试报告.docx")) == 1


def test_transparent_png_keeps_its_transparency(small_project):
    """A logo on a transparent ground must not turn black: RGBA stays RGBA."""
    project = small_project()
    Image.new("RGBA", (800, 600), (0, 0, 0, 0)).save(project / "data/图片/校园.png")
    _edit_sheet(project, "图片清单", "C2", "data/图片/校园.png")
    assert run_cli("build", str(project)).exit_code == 0
    embedded = _embedded_images(project / "output" / "测试报告.docx")[0].convert("RGBA")
    assert embedded.getpixel((400, 300))[3] == 0


def test_special_characters_arrive_intact_in_cells_and_captions(small_project):
    text = 'A & B <c> "引" \'号\' “弯引号” 换\n行\x7f控制'
    project = small_project()
    _edit_sheet(project, "表1", "A3", text)
    _edit_sheet(project, "图片清单", "D2", text)
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    document = docx.Document(project / "output" / "测试报告.docx")
    cell = document.tables[0].cell(2, 0).text
    assert cell.replace("\n", "") == 'A & B <c> "引" \'号\' “弯引号” 换行控制'
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert any('A & B <c> "引"' in c and "控制" in c and "\x7f" not in c for c in captions)


def _embedded_images(path):
    with zipfile.ZipFile(path) as archive:
        return [Image.open(io.BytesIO(archive.read(n))) for n in archive.namelist() if n.startswith("word/media/")]
