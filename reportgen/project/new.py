"""`reportgen init`: a new project that builds at once.

The folder gets `reportgen.toml` with every setting written out and explained, and the starter files
(`starter_files`): a master and a chapter template, a workbook and a photo.  `like` takes the format
settings and the templates' styles from an existing project, leaving its content behind.  Nothing is
written into a folder that already holds files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from pathlib import Path

from reportgen.oxml.styles_xml import rename_paragraph_styles
from reportgen.problems import Problem, ProjectError, os_reason
from reportgen.project.config import CONFIG_NAME, load_project
from reportgen.project.kinds import DEFAULT_KIND, KINDS, UP, Kind, unknown_kind
from reportgen.project.profile import make_profile, settings
from reportgen.project.starter_files import (
    CHAPTER,
    GONGWEN_WORKBOOK,
    MASTER,
    PHOTO,
    STARTER,
    WORKBOOK,
    gongwen_master_name,
)

CHAPTER_PATH = f"templates/章节/{CHAPTER}"


def create(folder: Path, like: Path | None = None, today: dt.date | None = None,
           kind_name: str | None = None) -> list[Path]:
    """Make the project of kind `kind_name` (`kinds.KINDS`; by default `like`'s, else 质量年报) in
    `folder` (new or empty); return the files made.  Raise `ProjectError` when the folder holds files,
    or `like` is not a project that loads."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ProjectError(Problem(str(folder), "这个文件夹已有内容，reportgen init 不会在其中写入，以免覆盖",
                                   "写一个新的文件夹名，如 reportgen init 我的报告"))
    if kind_name is not None and kind_name not in KINDS:
        raise ProjectError(Problem("--kind", *unknown_kind(kind_name)))
    source = _load_like(like) if like is not None else None
    kind = KINDS[kind_name or (source.kind if source else DEFAULT_KIND)]
    today = today or dt.date.today()
    overrides = source.profile_values if source else {}
    master = STARTER / (gongwen_master_name(kind.name) if kind.is_gongwen else MASTER)
    made = []
    try:
        (folder / "templates" / "章节").mkdir(parents=True)
        (folder / "data" / "图片").mkdir(parents=True)
        (folder / "output").mkdir()
        made.append(_write(folder / CONFIG_NAME, config_text(today, overrides, kind)))
        made.append(_write(folder / ".gitignore", "output/\n~$*\n.~lock.*\n"))
        templates = [(master, folder / "templates" / MASTER)]
        if not kind.is_gongwen:  # a 公文's 正文 is all in its master
            templates.append((STARTER / CHAPTER, folder / CHAPTER_PATH))
        for content, target in templates:
            if source:
                _restyle(source.master if target.name == MASTER else source.chapter, content, target)
            else:
                shutil.copyfile(content, target)
            made.append(target)
        workbook = GONGWEN_WORKBOOK if kind.is_gongwen else WORKBOOK
        made.append(Path(shutil.copyfile(STARTER / workbook, folder / "data" / WORKBOOK)))
        made.append(Path(shutil.copyfile(STARTER / PHOTO, folder / "data" / "图片" / PHOTO)))
    except OSError as exc:
        raise ProjectError(Problem(str(folder), f"无法创建报告项目（{os_reason(exc)}）",
                                   "检查文件夹的位置和写入权限")) from None
    return made


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def config_text(today: dt.date, overrides: dict | None = None, kind: Kind = KINDS[DEFAULT_KIND]) -> str:
    """The new project's `reportgen.toml`: every setting present, each with its meaning and range."""
    overrides = overrides or {}
    default = make_profile("gbt9704", {}, kind.profile)
    lines = [
        "# reportgen 报告项目配置（TOML 格式）：“#”之后为注释；文字用英文双引号括起；日期写作 年-月-日。",
        "# 改完后运行 reportgen check 检查，reportgen build 生成草稿。",
        "",
        "[report]",
        f"# 文档类型：{kind.description}",
        "# 可选：" + "、".join(KINDS) + "（改文档类型，其默认格式设置随之改变；模板要另行调整）",
        f'kind = "{kind.name}"',
        *_report_lines(today, kind),
        "",
        "[data]",
        "# 数据工作簿：指标、计算指标、表格清单、图片清单、校验规则和各表格、图表、列表的数据",
        f'workbook = "data/{WORKBOOK}"',
        "",
        "[templates]",
        ("# 总模板：公文的全部正文（版头、标题、主送机关、落款和版记按 [report] 和 [gongwen] 生成，不写在模板中）"
         if kind.is_gongwen else "# 总模板：封面、目录、前言；各章按下方 [[sections]] 的顺序接在其后"),
        f'master = "templates/{MASTER}"',
        *(_gongwen_lines(today, kind) if kind.is_gongwen else []),
        "",
        "[profile]",
        "# 格式方案：gbt9704 即按 GB/T 9704—2012《党政机关公文格式》排版。以下列出全部设置项及其默认值"
        f"（{kind.name}的默认值），",
        "# 按需修改；删去的项按默认值。README 的“全部设置项”一节有同样的说明。",
        'base = "gbt9704"',
    ]
    for field in settings():
        check = field.metadata["check"]
        allowed = getattr(check, "allowed", None) or ("true 或 false" if isinstance(field.default, bool) else "")
        lines += ["", f"# {field.metadata['doc']}", f"# 默认 {_toml(getattr(default, field.name))}"
                  + (f"；可选：{allowed}" if allowed else ""),
                  f"{field.name} = {_toml(overrides.get(field.name, getattr(default, field.name)))}"]
    lines += [
        "",
        "# 输出文件夹（可选，默认为 output）：",
        "# [output]",
        '# dir = "output"',
        "",
    ]
    if kind.is_gongwen:
        lines += [
            "# 篇幅长的公文可把正文分成几个模板，每个一节 [[sections]]，接在总模板之后：",
            "# [[sections]]",
            '# id = "工作要求"',
            '# template = "templates/章节/工作要求.docx"',
            "",
        ]
    else:
        lines += [
            "# 章节：每章一节 [[sections]]，按报告中的先后顺序；id 为章节标识（不得重复），template 为该章模板。",
            "# 新增一章：复制一份章节模板，改写内容，再在这里加一节。",
            "[[sections]]",
            'id = "基本情况"',
            f'template = "{CHAPTER_PATH}"',
            "",
        ]
    return "\n".join(lines)


def _report_lines(today: dt.date, kind: Kind) -> list[str]:
    if kind.is_gongwen:
        return [
            "# 标题：公文标题，印在版头之下（二号小标宋，居中）；要在某处回行，在那里写 \\n",
            f'title = "{_starter_title(today, kind)}"',
            "# 年度：整数（模板中写作 {{ 报告.年度 }}）",
            f"year = {today.year}",
            "# 发文机关署名：印在正文之后（{{ 报告.发布单位 }}）",
            'organisation = "某市教育局"',
            f"# 成文日期：印在署名之下，写作 {today.year}年{today.month}月{today.day}日",
            f"date = {today.isoformat()}",
        ]
    return [
        "# 报告标题：用于封面和正文标题（模板中写作 {{ 报告.标题 }}）",
        'title = "某市中等职业教育质量报告"',
        "# 报告年度：整数（{{ 报告.年度 }}）",
        f"year = {today.year}",
        "# 发布单位：封面和前言落款（{{ 报告.发布单位 }}）",
        'organisation = "某市教育局"',
        "# 发布日期：封面和落款（{{ 报告.发布日期|日期 }} 印为 " + f"{today.year}年{today.month}月）",
        f"date = {today.isoformat()}",
    ]


def _starter_title(today: dt.date, kind: Kind) -> str:
    if kind.name == "请示":
        return f"关于安排{today.year + 1}年中等职业学校\\n实训基地建设专项经费的请示"
    return f"关于{today.year}年全市中等职业教育\\n统计情况的{kind.name}"


def _gongwen_lines(today: dt.date, kind: Kind) -> list[str]:
    up = kind.direction == UP
    return [
        "",
        f"# 公文的版头、主送机关、落款和版记（GB/T 9704—2012）。{kind.name}是{kind.direction}。",
        "[gongwen]",
        "# 发文机关标志：红色小标宋，居中，印在首页上方",
        'issuer_mark = "某市教育局文件"',
        "# 发文字号：年份用六角括号〔〕，序号不加“第”、不编虚位",
        f'number = "某教{"报" if up else "发"}〔{today.year}〕1号"',
        *(["# 签发人：上行文必填，几位签发人用顿号隔开", 'signers = "张三"'] if up else []),
        "# 主送机关：标题下一行顶格，末尾的全角冒号自动加上",
        f'recipients = "{"某市人民政府" if up else "各县（区）教育局，市直各学校"}"',
        "# 是否加盖印章：true 时成文日期右空四字、署名以日期居中；false 时署名右空二字",
        "sealed = true",
        "# 附注（可选）：印在成文日期下一行，带圆括号",
        'note = "（联系人：某某，电话：0000-0000000）"',
        "# 抄送机关（可选）：印在版记中，末尾的句号自动加上",
        'copies_to = "市人民政府办公室"' if not up else '# copies_to = "某某单位"',
        "# 印发机关和印发日期：印在版记中（印发日期留空同成文日期）",
        'printed_by = "某市教育局办公室"',
        f"# printed_date = {today.isoformat()}",
    ]


@dataclasses.dataclass
class _Source:
    profile_values: dict
    master: Path
    chapter: Path
    kind: str


def _load_like(folder: Path) -> _Source:
    """The settings and the templates of the project `folder` to take the styles of."""
    project = load_project(folder)  # raises ProjectError, with the reasons, when it does not load
    default = make_profile("gbt9704", {}, project.kind.profile)
    values = {field.name: getattr(project.profile, field.name) for field in settings()
              if getattr(project.profile, field.name) != getattr(default, field.name)}
    chapter = project.sections[0].template if project.sections else project.master
    return _Source(values, project.master, chapter, project.kind.name)


def _restyle(styled: Path, content: Path, target: Path) -> None:
    """`content`'s paragraphs in a copy of `styled` emptied: its styles, page setup, headers and footers
    kept, its text left behind."""
    import copy

    import docx

    document = docx.Document(str(styled))
    body = document.element.body
    final = body.sectPr
    for child in list(body):
        if child is not final:
            body.remove(child)
    sample = docx.Document(str(content))
    names = {style.style_id: style.name for style in sample.styles}
    for child in sample.element.body:
        if child is sample.element.body.sectPr:
            continue
        element = copy.deepcopy(child)
        ids = {name: document.styles[name].style_id for name in names.values() if name in document.styles}
        rename_paragraph_styles(element, {old: ids[name] for old, name in names.items() if name in ids})
        final.addprevious(element)
    document.save(str(target))

