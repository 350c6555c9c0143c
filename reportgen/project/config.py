"""A report project: a folder with `reportgen.toml`, its templates and its data.

`load_project` reads and validates the config and returns a `Project` whose
paths are resolved against the project folder.  Every problem in the config is
collected and raised together as a `ProjectError`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from reportgen.problems import Problems, ProjectError, os_reason
from reportgen.project import gongwen as gongwen_settings
from reportgen.project.gongwen import Gongwen
from reportgen.project.kinds import DEFAULT_KIND, KINDS, Kind, unknown_kind
from reportgen.project.profile import (
    BASE_PROFILES,
    Profile,
    check_heading_levels,
    check_text_block,
    check_value,
    make_profile,
    profile_fields,
)

CONFIG_NAME = "reportgen.toml"

# key -> (type, required, Chinese description) for each table of the config.
SCHEMA: dict[str, dict[str, tuple[type, bool, str]]] = {
    "report": {
        "kind": (str, False, "文档类型"),
        "title": (str, True, "报告标题"),
        "year": (int, True, "报告年度（整数，如 2025）"),
        "organisation": (str, True, "发布单位"),
        "date": (dt.date, True, "发布日期（如 2025-12-01）"),
    },
    "data": {"workbook": (str, True, "数据工作簿路径")},
    "templates": {"master": (str, True, "总模板路径")},
    "output": {"dir": (str, False, "输出文件夹")},
}
GONGWEN = "gongwen"  # the 公文's table, checked only for the 公文 kinds
SECTION_KEYS = {"id": (str, True, "章节标识"), "template": (str, True, "章节模板路径")}


@dataclass(frozen=True)
class Section:
    id: str
    template: Path


@dataclass(frozen=True)
class Project:
    root: Path
    title: str
    year: int
    organisation: str
    date: dt.date
    workbook: Path
    master: Path
    sections: tuple[Section, ...]
    profile: Profile
    output_dir: Path
    kind: Kind = KINDS[DEFAULT_KIND]
    title_lines: tuple[str, ...] = ()  # the title as the writer broke it into lines ("\n"); `title` is one line
    gongwen: Gongwen | None = None  # the 公文's 版头, 落款 and 版记: for the 公文 kinds only

    def relative(self, path: Path) -> str:
        """A path as the writer knows it: relative to the project folder."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def find_section(self, key: str) -> Section | None:
        """A section by its id or by its 1-based position."""
        for section in self.sections:
            if section.id == key:
                return section
        if key.isdigit() and 1 <= int(key) <= len(self.sections):
            return self.sections[int(key) - 1]
        return None


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f"是否想写“{close[0]}”？" if close else ""


def _shown(value) -> str:
    """A config value as the writer wrote it, in quotation marks."""
    if isinstance(value, bool):
        return "“true”" if value else "“false”"
    return f"“{value}”"


def _type_name(kind: type) -> str:
    return {str: "文字（用英文双引号括起）", int: "整数", float: "数字", bool: "“true”或“false”",
            dt.date: "日期（如 2025-12-01）"}[kind]


def _type_hint(kind: type, key: str) -> str:
    """How to write a value of `kind` in TOML."""
    return {str: f'文字两边加英文双引号，如 {key} = "…"', int: f"在 {key} = 后写整数，不加引号",
            float: f"在 {key} = 后写数字，不加引号", bool: f"写成 {key} = true 或 {key} = false，不加引号",
            dt.date: f"日期不加引号，写成 {key} = 2025-12-01"}[kind]


def _check_table(table: object, schema: dict, where: str, problems: Problems) -> dict:
    """Validate one config table against its schema; return the valid values."""
    if not isinstance(table, dict):
        problems.error(where, "应为一个配置表", f"写成 [{where.split('：')[-1]}] 开头的一节")
        return {}
    values = {}
    for key, value in table.items():
        if key not in schema:
            problems.error(f"{where}.{key}", "不认识这个设置项", _suggest(key, schema) or
                           "可用的设置项：" + "、".join(schema))
            continue
        kind = schema[key][0]
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value, ok = float(value), True
        if kind is dt.date and isinstance(value, dt.datetime):
            value = value.date()
        if not ok:
            problems.error(f"{where}.{key}", f"值{_shown(value)}的类型不对，应为{_type_name(kind)}", _type_hint(kind, key))
            continue
        values[key] = value
    for key, (kind, required, label) in schema.items():
        if required and key not in table:
            problems.error(where, f"缺少设置项 {key}（{label}）", f"添加一行：{key} = …")
    return values


def _project_path(root: Path, value: str, where: str, problems: Problems, must_exist=True) -> Path:
    path = (root / value).resolve()
    if not path.is_relative_to(root.resolve()):
        problems.error(where, f"路径 {value} 指向报告项目文件夹之外", "把文件放进项目文件夹，并写相对路径")
    elif must_exist and not path.is_file():
        problems.error(where, f"找不到文件 {value}", "检查文件名和所在文件夹是否正确")
    return path


def _load_profile(table: object, kind: Kind, problems: Problems) -> Profile:
    where = f"{CONFIG_NAME} [profile]"
    if table is None:
        table = {}
    if not isinstance(table, dict):
        problems.error(where, "应为一个配置表")
        table = {}
    table = dict(table)
    base = table.pop("base", "gbt9704")
    if base not in BASE_PROFILES:
        problems.error(f"{where}.base", f"没有名为 {base!r} 的格式方案", "可用：" + "、".join(BASE_PROFILES))
        base = "gbt9704"
    schema = {name: (kind, False, name) for name, kind in profile_fields().items()}
    overrides = _check_table(table, schema, where, problems)
    for key, value in list(overrides.items()):
        wrong = check_value(key, value)
        if wrong:
            problems.error(f"{where}.{key}", f"值{_shown(table[key])}{wrong[0]}", wrong[1])
            overrides.pop(key)
    profile = make_profile(base, overrides, kind.profile)
    wrong = check_text_block(profile)
    if wrong:
        problems.error(where, *wrong)
    for key, message, hint in check_heading_levels(profile):
        problems.error(f"{where}.{key}", message, hint)
    return profile


def load_project(folder: Path | str) -> Project:
    """Read and validate `reportgen.toml` in `folder`; raise `ProjectError` on any problem."""
    root = Path(folder)
    config = root / CONFIG_NAME
    problems = Problems()
    if root.is_file():
        problems.error(str(root), "这是一个文件，不是报告项目文件夹",
                       "命令后面写项目文件夹（含 reportgen.toml）；要指定草稿文件，"
                       "pdf、preview、compare、update 用 --draft，build 用 -o")
        raise ProjectError(problems)
    if not root.is_dir():
        problems.error(str(root), "报告项目文件夹不存在", "检查路径，或先进入项目文件夹再运行")
        raise ProjectError(problems)
    if not config.is_file():
        problems.error(str(root), f"这不是报告项目文件夹：缺少配置文件 {CONFIG_NAME}",
                       "在报告项目文件夹中运行，或把项目文件夹路径写在命令后面")
        raise ProjectError(problems)
    try:
        raw = tomllib.loads(config.read_text(encoding="utf-8-sig"))  # Windows Notepad may add a BOM
    except OSError as exc:
        problems.error(CONFIG_NAME, f"无法读取（{os_reason(exc)}）", "检查文件是否存在、是否有读取权限")
        raise ProjectError(problems)
    except UnicodeDecodeError:
        problems.error(CONFIG_NAME, "文件不是 UTF-8 编码", "用记事本等编辑器另存为 UTF-8 编码")
        raise ProjectError(problems)
    except tomllib.TOMLDecodeError as exc:
        place = re.search(r"line (\d+), column (\d+)", str(exc))
        where = f"{CONFIG_NAME} 第 {place.group(1)} 行第 {place.group(2)} 列" if place else CONFIG_NAME
        problems.error(where, "格式有误，无法读取",
                       "检查这一行的引号、等号和方括号：设置项名称用英文（如 title），文字值用英文双引号括起"
                       '（如 title = "某某学校质量年度报告"），日期和数字不加引号；文字中要回行时写 \\n，'
                       "不要在引号中直接按回车")
        raise ProjectError(problems)

    for key in raw:
        if key not in SCHEMA and key not in ("sections", "profile", GONGWEN):
            problems.error(f"{CONFIG_NAME} [{key}]", "不认识这一节",
                           _suggest(key, [*SCHEMA, "sections", "profile", GONGWEN]))
    tables = {name: _check_table(raw.get(name, {}), schema, f"{CONFIG_NAME} [{name}]", problems)
              for name, schema in SCHEMA.items()}
    if not tables["report"].get("title", "x").strip():
        problems.error(f"{CONFIG_NAME} [report].title", "报告标题是空的", '写上标题，如 title = "某某学校质量年度报告"')
    report = tables["report"]
    kind = _kind(report.get("kind", DEFAULT_KIND), problems)
    known = kind is not None  # else what depends on the kind is not checked: one error, not a cascade
    kind = kind or KINDS[DEFAULT_KIND]
    profile = _load_profile(raw.get("profile"), kind, problems)
    gongwen = None
    where = f"{CONFIG_NAME} [{GONGWEN}]"
    if known and kind.is_gongwen:
        values = _check_table(raw.get(GONGWEN, {}), gongwen_settings.SCHEMA, where, problems)
        gongwen = gongwen_settings.load_gongwen(values, kind, report.get("date"), where, problems)
    elif known and GONGWEN in raw:
        problems.error(where, f"[gongwen] 只用于公文（{'、'.join(k.name for k in KINDS.values() if k.is_gongwen)}），"
                       f"这个项目的文档类型是{kind.name}", "删去 [gongwen] 一节，或在 [report] 中写明 kind = \"通知\" 等")

    sections = []
    raw_sections = raw.get("sections", [] if kind.is_gongwen or not known else None)  # a 通知 may be all in the master
    if raw_sections is None or not isinstance(raw_sections, list) or not (raw_sections or kind.is_gongwen or not known):
        problems.error(CONFIG_NAME, "没有列出章节", "为每一章添加一节 [[sections]]，写明 id 和 template")
        raw_sections = []
    seen = set()
    for number, item in enumerate(raw_sections, 1):
        where = f"{CONFIG_NAME} 第 {number} 个 [[sections]]"
        values = _check_table(item, SECTION_KEYS, where, problems)
        if "id" in values:
            if values["id"] in seen:
                problems.error(where, f"章节标识 {values['id']} 重复", "每章的 id 须各不相同")
            seen.add(values["id"])
        if "template" in values:
            path = _project_path(root, values["template"], f"{where}.template", problems)
            sections.append(Section(values.get("id", str(number)), path))

    workbook = master = None
    if "workbook" in tables["data"]:
        workbook = _project_path(root, tables["data"]["workbook"], f"{CONFIG_NAME} [data].workbook", problems)
    if "master" in tables["templates"]:
        master = _project_path(root, tables["templates"]["master"], f"{CONFIG_NAME} [templates].master", problems)
    output_dir = _project_path(root, tables["output"].get("dir", "output"),
                               f"{CONFIG_NAME} [output].dir", problems, must_exist=False)
    problems.raise_if_errors()
    assert workbook is not None and master is not None  # a missing one is an error raised just above

    return Project(
        root=root.resolve(), title=report["title"].replace("\n", ""), year=report["year"],
        organisation=report["organisation"], date=report["date"],
        workbook=workbook, master=master, sections=tuple(sections),
        profile=profile, output_dir=output_dir, kind=kind, gongwen=gongwen,
        title_lines=tuple(report["title"].split("\n")),
    )


def _kind(name: str, problems: Problems) -> Kind | None:
    if name.strip() in KINDS:
        return KINDS[name.strip()]
    problems.error(f"{CONFIG_NAME} [report].kind", *unknown_kind(name, _suggest(name, KINDS)))
    return None
