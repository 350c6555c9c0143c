"""Makes the files `reportgen init` copies into a new project (reportgen/project/starter/): a master and a
chapter template carrying every named style and a sample of every kind of tag, a workbook with
every sheet reportgen reads (each header cell noted with what goes in its column) and a photo.

They are made once, here, and shipped, so that `init` only copies: making them needs python-docx,
openpyxl and Pillow, a second's imports.  After changing the styles or the tags, run

    python3 -m reportgen.project.starter_files

and commit the files; a test fails while they differ from what this module makes.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

STARTER = Path(__file__).resolve().parent / "starter"
MASTER, CHAPTER, WORKBOOK, PHOTO = "总模板.docx", "1-基本情况.docx", "报告数据.xlsx", "校园.jpg"

# (style, text): the master template, cover to preface.
MASTER_PARAGRAPHS = [
    ("封面标题", "{{ 报告.标题 }}"),
    ("封面副标题", "（{{ 报告.年度 }}年）"),
    ("封面落款", "{{ 报告.发布单位 }}"),
    ("封面日期", "{{ 报告.发布日期|日期 }}"),
    (None, "SECTION"),
    ("Normal", "{{ 目录() }}"),
    (None, "SECTION"),
    ("前言标题", "前言"),
    ("Normal", "为全面反映{{ 地区名称 }}中等职业教育发展状况，根据有关要求，编制本报告。报告数据来源于教育事业统计和"
               "各校报送的材料，统计时点为{{ 报告.年度 }}年9月1日。"),
    ("编者提示", "（编者提示：这一段用“编者提示”样式，写给编写和审核的人看，发布前删去。模板中用双花括号括起的标签"
                "由 reportgen 按工作簿填写，其余文字照原样印出。）"),
    ("落款", "{{ 报告.发布单位 }}"),
    ("落款", "{{ 报告.发布日期|日期(\"年月日\") }}"),
    (None, "SECTION"),
    ("Title", "{{ 报告.标题 }}"),
    ("Subtitle", "（{{ 报告.年度 }}年）"),
    ("Normal", "{{ 报告.年度 }}年，{{ 地区名称 }}职业教育坚持立德树人，办学条件持续改善，人才培养质量稳步提升。"),
]

# The 公文's 正文, all in its master (版头, 标题, 主送机关, 落款 and 版记 come from reportgen.toml):
# (opening, closing) per kind, around the same body.
# Per kind: (opening, the second part's heading, its subheading and text, closing).
GONGWEN_WORDS = {
    "通知": ("现将有关情况和要求通知如下：", "下一步工作", "加强数据核查",
             "各县（区）教育局要组织学校逐项核对统计数据，发现问题及时报送。", "请结合实际认真贯彻落实。"),
    "报告": ("现将有关情况报告如下：", "下一步工作", "加强数据核查",
             "我局将组织学校逐项核对统计数据，发现问题及时整改。", "特此报告。"),
    "请示": ("为进一步改善办学条件，拟安排专项经费支持各校实训基地建设。现将有关事项请示如下：", "请示事项", "安排实训基地建设专项经费",
             "恳请从明年财政预算中安排实训基地建设专项经费{{ 经费投入|万元 }}，用于附件所列学校的实训基地建设。",
             "妥否，请批示。"),
}
GONGWEN_WORKBOOK = "报告数据-公文.xlsx"  # the starter workbook with an 附件 (表格清单 类型 附件)


def gongwen_master_name(kind: str) -> str:
    return f"总模板-{kind}.docx"


def gongwen_paragraphs(kind: str) -> list[tuple[str, str]]:
    opening, heading, subheading, text, closing = GONGWEN_WORDS[kind]
    return [
        ("Normal", "为全面反映{{ 地区名称 }}中等职业教育发展状况，{{ 报告.发布单位 }}对{{ 报告.年度 }}年全市中等职业学校"
                   "办学情况进行了统计。" + opening),
        ("Heading 1", "基本情况"),
        ("Normal", "全市共有中等职业学校{{ 学校总数 }}所，其中公办{{ 公办学校数 }}所、民办{{ 民办学校数 }}所；"
                   "在校生{{ 在校生数|千分位 }}人，毕业生就业率{{ 就业率|百分比 }}。公办、民办学校情况见"
                   "{{ 引用(\"学校情况\") }}，各校情况见{{ 引用(\"各校情况\") }}。"),
        ("Normal", "{{ 表格(\"学校情况\") }}"),
        ("Heading 1", heading),
        ("Heading 2", subheading),
        ("Normal", text),
        ("编者提示", "（编者提示：版头、标题、主送机关、附件说明、署名、成文日期和版记由 reportgen 按 reportgen.toml 的 "
                    "[report] 和 [gongwen] 生成，附件是工作簿“表格清单”中类型为“附件”的表格，都不要在模板中再写；"
                    "这一段用“编者提示”样式，发布前删去。）"),
        ("Normal", closing),
    ]


CHAPTER_PARAGRAPHS = [
    ("Heading 1", "基本情况"),
    ("Heading 2", "学校概况"),
    ("Normal", "全市共有中等职业学校{{ 学校总数 }}所，其中公办{{ 公办学校数 }}所、民办{{ 民办学校数 }}所；"
               "在校生{{ 在校生数|千分位 }}人，毕业生就业率{{ 就业率|百分比 }}。各校情况见{{ 引用(\"学校情况\") }}。"),
    ("Normal", "{{ 表格(\"学校情况\") }}"),
    ("Heading 2", "专业设置"),
    ("Normal", "在校生按专业大类的分布见{{ 引用(\"专业分布\") }}。"),
    ("Normal", "{{ 插图(\"专业分布\") }}"),
    ("Heading 3", "经费投入"),
    ("Normal", "全年投入经费{{ 经费投入|万元 }}，生均{{ 生均经费|千分位(0) }}元。"
               "{% if 就业率 >= 0.95 %}毕业生就业率保持在95%以上。{% else %}毕业生就业率有待提高。{% endif %}"),
    ("Heading 2", "学生获奖"),
    ("Normal", "{{ 报告.年度 }}年，学生在各级技能大赛中获奖{{ 列表(\"获奖情况\")|length }}项："),
    ("Normal", "{%p for 行 in 列表(\"获奖情况\") %}"),
    ("Normal", "{{ loop.index }}. {{ 行.学生 }}在{{ 行.赛项 }}中获{{ 行.奖项 }}（{{ 行.日期 }}）。"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{{ 插图(\"校园\") }}"),
]

# sheet -> (header cells with the note on each, rows, number formats by column letter)
NOTES_INDICATORS = {
    "名称": "指标的名称，在模板中写作 {{ 名称 }}。用汉字、字母、数字，不以数字开头；各行不得重复。",
    "数值": "指标的数值：数字（2948、0.9932 或 99.32%）。“单位”留空或写“文字”的行可以填文字（如学校名称）。",
    "单位": "人、所、元、万元、% 等。金额写“元”“万元”或“亿元”，|万元、|亿元 据此换算；文字指标留空或写“文字”。",
    "说明": "写给编写者看的说明（出处、所在章节），不印在报告中。",
}
# A starter sheet: each column's header with the note on it, the rows, and number formats by column letter.
Sheet = tuple[dict[str, str], list[list[object]], dict[str, str]]

SHEETS: dict[str, Sheet] = {
    "指标": (NOTES_INDICATORS, [
        ["地区名称", "某市", "文字", "文字指标：在模板中写 {{ 地区名称 }}"],
        ["学校总数", 15, "所", "1.1 学校概况"],
        ["公办学校数", 8, "所", "1.1 学校概况"],
        ["民办学校数", 7, "所", "1.1 学校概况"],
        ["在校生数", 12345, "人", "1.1 学校概况"],
        ["毕业生数", 2948, "人", "1.1 学校概况"],
        ["就业人数", 2850, "人", "1.1 学校概况"],
        ["经费投入", 43865200, "元", "1.2.1 经费投入：以元填写，{{ 经费投入|万元 }} 印为 4386.52万元"],
    ], {}),
    "计算指标": ({
        "名称": "由其他指标算出的数的名称，用法与指标相同。",
        "公式": "用指标名称、数字和 + - * / ( ) 写成的算式，如 就业人数 / 毕业生数；也可用 求和()、最大()、最小()、四舍五入()。",
        "单位": "算出的数的单位，如 比例、元；说明同“指标”表。",
        "说明": "写给编写者看的说明，不印在报告中。",
    }, [
        ["就业率", "就业人数 / 毕业生数", "比例", "模板中写 {{ 就业率|百分比 }}，印为 96.68%"],
        ["生均经费", "经费投入 / 在校生数", "元", "模板中写 {{ 生均经费|千分位(0) }}"],
    ], {}),
    "表格清单": ({
        "名称": "表格的名称，在模板中写作 {{ 表格(\"名称\") }}，交叉引用写 {{ 引用(\"名称\") }}。",
        "工作表": "表格所在工作表的名称：表格从该表 A1 起按发布样式排好，需要合并的单元格在 Excel 中合并。",
        "表题": "表格的标题，如“全市中等职业学校情况表”；编号（表 1）自动生成。",
        "表头行数": "表头占几行（0、1、2……）：表头在每页顶端重复。",
        "单位": "表格右上方的单位说明，如“单位：所、人”；没有留空。",
        "注": "表格下方的注，如“注：数据截至 9 月 1 日”；没有留空。",
        "类型": "留空或填“表”为正文表格；填“附表”为附录表格（附表1、附表2……）。",
        "版式": "留空或填“纵向”；列数多的表格填“横向”，单独排在横向页面上。",
    }, [["学校情况", "表-学校情况", "全市中等职业学校情况表", 1, "单位：所、人", "注：在校生数为全日制学历教育在校生。",
         "表", "纵向"]], {}),
    "图片清单": ({
        "名称": "插图的名称，在模板中写作 {{ 插图(\"名称\") }}。",
        "类型": "“照片”或“图表”。",
        "来源": "照片：图片文件的路径，如 data/图片/校园.jpg；图表：图表数据所在工作表的名称。",
        "图题": "插图的标题，如“校园一角”；编号（图 1）自动生成。",
        "宽度(厘米)": "插图宽度：厘米数（如 12），或版心宽度的百分比（如 80%）。",
        "图表类型": "图表的类型：柱形图、条形图或饼图；照片留空。",
        "说明": "写给编写者看的说明，不印在报告中。",
        "版式": "留空或填“纵向”；填“横向”时单独排在横向页面上。",
    }, [
        ["专业分布", "图表", "图表-专业分布", "在校生专业大类分布", 14, "柱形图", "", ""],
        ["校园", "照片", f"data/图片/{PHOTO}", "校园一角", 12, "", "换成自己的照片：放进 data/图片/，改写“来源”", ""],
    ], {}),
    "校验规则": ({
        "规则": "一致性规则的说明，不成立时出现在检查结果中。",
        "公式": "写成“左边 = 右边”，两边都是算式；单元格(\"工作表\", \"B2\") 读取任一工作表的单元格。",
        "允许误差": "两边相差多少以内算一致；留空为 0。",
    }, [
        ["公办与民办学校数之和等于学校总数", "公办学校数 + 民办学校数 = 学校总数", 0],
        ["学校情况表的合计与学校总数一致", "单元格(\"表-学校情况\", \"B4\") = 学校总数", 0],
    ], {}),
    "表-学校情况": ({
        "类别": "表格的第一列（按发布样式填写，这张表由表格清单中的“学校情况”使用）。",
        "学校数（所）": "表格的一列：数字单元格的格式（千分位、小数位数、百分比、日期）照样印在报告的表格中。",
        "在校生数（人）": "表格的一列。",
    }, [["公办", 8, 7000], ["民办", 7, 5345], ["合计", 15, 12345]], {"C": "#,##0"}),
    "图表-专业分布": ({
        "专业大类": "图表数据：第 1 列为类别。",
        "在校生数": "其后每列一个数据系列（列名即系列名）。",
    }, [["装备制造", 3200], ["电子与信息", 2800], ["医药卫生", 2500], ["财经商贸", 2100], ["教育与体育", 1745]], {}),
    "获奖情况": ({
        "学生": "列表：模板中用 {%p for 行 in 列表(\"获奖情况\") %} … {%p endfor %} 逐行写出，{{ 行.学生 }} 取这一列。",
        "赛项": "列表的一列，{{ 行.赛项 }}。",
        "奖项": "列表的一列，{{ 行.奖项 }}。",
        "日期": "日期单元格按其格式印出（这里为 2025年5月20日 的样子）。",
    }, [["张三", "全国职业院校技能大赛中职组数控车赛项", "一等奖", dt.datetime(2025, 5, 20)],
        ["李四", "省级职业院校技能大赛护理赛项", "二等奖", dt.datetime(2025, 4, 12)]],
        {"D": 'yyyy"年"m"月"d"日"'}),
}


def make_master(path: Path) -> None:
    _template(path, MASTER_PARAGRAPHS)


def make_chapter(path: Path) -> None:
    _template(path, CHAPTER_PARAGRAPHS)


def _template(path: Path, paragraphs) -> None:
    import docx
    from docx.enum.section import WD_SECTION

    from reportgen.draft import styles
    from reportgen.project.profile import Profile

    document = docx.Document()
    styles.apply_styles(document, Profile())  # every named style, as the default profile formats it
    body = document.element.body
    for child in list(body):
        if child is not body.sectPr:
            body.remove(child)
    for style, text in paragraphs:
        if text == "SECTION":
            document.add_section(WD_SECTION.NEW_PAGE)
            continue
        document.add_paragraph(text, style=document.styles[style])
    document.core_properties.author = "reportgen"
    document.core_properties.created = document.core_properties.modified = dt.datetime(2025, 1, 1)
    document.save(str(path))


ATTACHMENT_SHEET = "附件-各校情况"
ATTACHMENT_ROW = ["各校情况", ATTACHMENT_SHEET, "全市中等职业学校名单", 1, "单位：人、个", "", "附件", "纵向"]
ATTACHMENT_TABLE: Sheet = ({
    "学校": "附件的表格：与正文表格一样按发布样式排好；表格清单中它的类型为“附件”。",
    "办学性质": "表格的一列。",
    "在校生数（人）": "表格的一列。",
    "专业数（个）": "表格的一列。",
}, [["某市第一职业中等专业学校", "公办", 5000, 12], ["某市卫生学校", "公办", 3200, 5],
    ["某市财经学校", "民办", 2100, 6], ["某县职业教育中心", "公办", 2045, 8]], {"C": "#,##0"})


def make_gongwen_workbook(path: Path) -> None:
    """The starter workbook with an 附件: a 公文's 附件 are tables of 类型 附件."""
    sheets = dict(SHEETS)
    notes, rows, formats = sheets["表格清单"]
    sheets["表格清单"] = (notes, [*rows, ATTACHMENT_ROW], formats)
    sheets[ATTACHMENT_SHEET] = ATTACHMENT_TABLE
    make_workbook(path, sheets)


def make_workbook(path: Path, sheets: dict[str, Sheet] | None = None) -> None:
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, (notes, rows, formats) in (sheets or SHEETS).items():
        sheet = book.create_sheet(title)
        sheet.append(list(notes))
        for column, (header, note) in enumerate(notes.items(), start=1):
            cell = sheet.cell(1, column)
            cell.font = Font(bold=True)
            cell.comment = Comment(note, "reportgen", width=320, height=120)
            sheet.column_dimensions[cell.column_letter].width = max(10, min(40, 4 + 2 * len(header)))
        for row in rows:
            sheet.append(row)
        for letter, number_format in formats.items():
            for cell in sheet[letter][1:]:
                cell.number_format = number_format
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(vertical="center")
    book.properties.creator = "reportgen"
    book.properties.created = book.properties.modified = dt.datetime(2025, 1, 1)
    book.save(path)


def _gongwen_master(path: Path, kind: str) -> None:
    _template(path, gongwen_paragraphs(kind))


def make_photo(path: Path) -> None:
    """A placeholder photo: a sky-to-lawn gradient, 1600 x 1200."""
    from PIL import Image

    image = Image.new("RGB", (1600, 1200))
    image.putdata([(90 + y // 12, 150 + y // 20, 200 - y // 8) if y < 700 else (70, 140 - (y - 700) // 10, 60)
                   for y in range(1200) for _ in range(1600)])
    blob = io.BytesIO()
    image.save(blob, "JPEG", quality=80)
    path.write_bytes(blob.getvalue())


MAKERS: dict[str, Callable[[Path], None]] = {MASTER: make_master, CHAPTER: make_chapter, WORKBOOK: make_workbook, PHOTO: make_photo,
          GONGWEN_WORKBOOK: make_gongwen_workbook,
          **{gongwen_master_name(kind): partial(_gongwen_master, kind=kind) for kind in GONGWEN_WORDS}}


def make_all(folder: Path = STARTER) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in MAKERS.items():
        make(folder / name)
    return [folder / name for name in MAKERS]


if __name__ == "__main__":
    for made in make_all(Path(sys.argv[1]) if len(sys.argv) > 1 else STARTER):
        print(made)
