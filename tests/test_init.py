"""`reportgen init`: a new project that builds at once, carries every style, setting and sheet, and
never writes over anything."""

from __future__ import annotations

import tomllib
import zipfile

import docx
import openpyxl
import pytest
from conftest import REPO, no_warnings, run_cli

from reportgen.draft import styles
from reportgen.project import starter_files
from reportgen.project.profile import settings


@pytest.fixture(scope="module")
def new_project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("init") / "我的报告"
    result = run_cli("init", str(folder))
    assert result.exit_code == 0, result.output
    return folder


def test_a_new_project_checks_clean_and_builds_at_once(new_project):
    check = run_cli("check", str(new_project))
    assert check.exit_code == 0 and "0 个错误，0 个警告" in check.output, check.output
    assert "：8 个指标，2 个计算指标，1 个表格，2 幅插图，2 条校验规则，2 个模板；" in check.output
    build = run_cli("build", str(new_project))
    assert build.exit_code == 0 and no_warnings(build.output), build.output
    draft = docx.Document(next((new_project / "output").glob("*.docx")))
    texts = [p.text for p in draft.paragraphs]
    assert "全市共有中等职业学校15所，其中公办8所、民办7所；在校生12,345人，毕业生就业率96.68%。各校情况见表 1。" in texts
    assert "全年投入经费4386.52万元，生均3,553元。毕业生就业率保持在95%以上。" in texts
    assert "1. 张三在全国职业院校技能大赛中职组数控车赛项中获一等奖（2025年5月20日）。" in texts
    assert [[c.text for c in row.cells] for row in draft.tables[0].rows][-1] == ["合计", "15", "12,345"]
    assert len(draft.inline_shapes) == 2  # the chart and the photo


def test_the_config_writes_out_every_setting_with_its_meaning(new_project):
    text = (new_project / "reportgen.toml").read_text(encoding="utf-8")
    config = tomllib.loads(text)
    assert set(config["profile"]) == {"base"} | {field.name for field in settings()}
    for field in settings():
        assert f"# {field.metadata['doc']}\n" in text, field.name


def test_the_templates_carry_every_named_style(new_project):
    wanted = {*styles.CUSTOM_IDS, *styles.BUILTIN_IDS}
    for template in (new_project / "templates" / "总模板.docx", new_project / "templates" / "章节" / "1-基本情况.docx"):
        names = {style.name for style in docx.Document(template).styles}
        assert wanted <= names, wanted - names


def test_every_header_cell_of_the_workbook_says_what_goes_in_its_column(new_project):
    book = openpyxl.load_workbook(new_project / "data" / "报告数据.xlsx")
    assert {"指标", "计算指标", "表格清单", "图片清单", "校验规则"} <= set(book.sheetnames)
    for sheet in book.worksheets:
        headers = [cell for cell in sheet[1] if cell.value]
        assert headers and all(cell.comment is not None and cell.comment.text for cell in headers), sheet.title


def test_init_never_writes_into_a_folder_with_files(tmp_path):
    (tmp_path / "笔记.txt").write_text("我的笔记", encoding="utf-8")
    result = run_cli("init", str(tmp_path))
    assert result.exit_code == 1 and "已有内容" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["笔记.txt"]


def test_init_like_takes_the_settings_and_styles_of_a_project_but_not_its_content(example_dir, tmp_path):
    folder = tmp_path / "新报告"
    result = run_cli("init", str(folder), "--like", str(example_dir))
    assert result.exit_code == 0, result.output
    profile = tomllib.loads((folder / "reportgen.toml").read_text(encoding="utf-8"))["profile"]
    assert profile["table_caption"] == "below" and profile["space_before_units"] is True
    master = docx.Document(folder / "templates" / "总模板.docx")
    example = docx.Document(example_dir / "templates" / "总模板.docx")
    assert master.styles["封面标题"].element.xml == example.styles["封面标题"].element.xml
    assert not any("庆阳" in p.text for p in master.paragraphs)
    build = run_cli("build", str(folder))
    assert build.exit_code == 0, build.output


def test_the_shipped_starter_files_are_what_starter_files_makes(tmp_path):
    """After a change to the styles or the starter's content, run python3 -m reportgen.project.starter_files."""
    made = starter_files.make_all(tmp_path)
    for path in made:
        shipped = starter_files.STARTER / path.name
        if path.suffix in (".docx", ".xlsx"):
            with zipfile.ZipFile(path) as new, zipfile.ZipFile(shipped) as old:
                parts = [n for n in new.namelist() if not n.startswith("docProps/")]
                assert parts == [n for n in old.namelist() if not n.startswith("docProps/")], path.name
                assert all(new.read(n) == old.read(n) for n in parts), f"{path.name} is out of date"
        else:
            assert path.read_bytes() == shipped.read_bytes(), path.name
    assert starter_files.STARTER.is_relative_to(REPO / "reportgen")


def _bad_value(field) -> str:
    """A value of `field` its check refuses, written as TOML."""
    import re

    check = field.metadata["check"]
    allowed = getattr(check, "allowed", "")
    if isinstance(field.default, bool):
        return '"是"'  # a word where true or false belongs
    if match := re.fullmatch(r"([\d.]+)～([\d.]+)", allowed):
        return str(float(match.group(2)) + 1) if isinstance(field.default, float) else str(int(float(match.group(2))) + 1)
    if "、" in allowed and not allowed.startswith("如"):
        return '"其他"'  # not one of the choices
    if allowed.startswith("非空"):
        return '"  "'
    if "到" in allowed and "个字符" in allowed:
        return '"1"'  # a separator must not be a digit
    return '"甲乙丙丁"'  # not a heading number


@pytest.mark.parametrize("field", settings(), ids=lambda f: f.name)
def test_every_setting_is_checked_by_check_and_build(tmp_path, field):
    folder = tmp_path / "项目"
    assert run_cli("init", str(folder)).exit_code == 0
    config = folder / "reportgen.toml"
    text = config.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith(f"{field.name} = "))
    config.write_text(text.replace(line + "\n", f"{field.name} = {_bad_value(field)}\n"), encoding="utf-8")
    for command in ("check", "build"):
        result = run_cli(command, str(folder))
        assert result.exit_code == 1, (command, result.output)
        assert f"[profile].{field.name}" in result.output, result.output
        assert "内部错误" not in result.output
    assert not list((folder / "output").glob("*.docx"))


def test_an_unknown_setting_gets_a_suggestion_only_when_one_is_close(tmp_path):
    folder = tmp_path / "项目"
    assert run_cli("init", str(folder)).exit_code == 0
    config = folder / "reportgen.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('base = "gbt9704"', 'base = "gbt9704"\nmoney_decimal = 2\nwatermark = 1'), encoding="utf-8")
    result = run_cli("check", str(folder))
    assert "[profile].money_decimal：不认识这个设置项" in result.output and "是否想写“money_decimals”" in result.output
    assert "[profile].watermark：不认识这个设置项" in result.output and "可用的设置项：page_width_mm、" in result.output
