"""Regenerate the third bundled example: a 公文, the 通知 a city education bureau sends out.

河阳市教育局 (fictional, as every number here) 印发 its yearly statistical summary to the counties and
schools: a 下行文 to several 主送机关, its 正文 with year-on-year sentences from the workbook, two 附件
that are workbook tables (the second, with many columns, landscape), a 附注 and 抄送 in the 版记.  The
版头, 标题, 主送机关, 落款 and 版记 come from `[gongwen]` in reportgen.toml (see the README, "写公文").

This script writes, under ``examples/公文通知/``:

* ``reportgen.toml``          the project config, kind = "通知";
* ``templates/总模板.docx``   the whole 正文;
* ``data/统计数据.xlsx``      the data workbook: 指标, the two 附件 tables, 校验规则.

As for the other examples: no formatting on styles or paragraphs (the profile formats the styles at
build time), one run per paragraph, every number from the workbook, the sums computed here so that the
text and the tables agree, and the same bytes on every run.

Usage:  python tools/make_notice_example.py
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from docx import Document

sys.path.insert(0, str(Path(__file__).resolve().parent))

from example_kit import (  # noqa: E402
    add,
    ensure_styles,
    grid_sheet,
    list_sheet,
    new_workbook,
    save_docx,
    save_workbook,
    set_properties,
)

ROOT = Path(__file__).resolve().parents[1] / "examples" / "公文通知"
MASTER = "templates/总模板.docx"
WORKBOOK = "data/统计数据.xlsx"
YEAR = 2025
FIXED_TIME = dt.datetime(2025, 12, 20, 0, 0, 0)
COMMENTS = "由 tools/make_notice_example.py 生成的示例模板，可直接编辑"
SUMMARY = f"{YEAR}年全市教育事业统计简况"

# 县（区）: 学校数, 学前, 小学, 初中, 普通高中, 中职, 特教 在校生, 专任教师; last year's totals below.
COUNTIES = [
    ("河阳区", 212, 21346, 52418, 24730, 16842, 9215, 412, 6120),
    ("东城区", 168, 17825, 44106, 20981, 13906, 6128, 305, 4986),
    ("西山县", 187, 12493, 31875, 15532, 9813, 4406, 226, 3972),
    ("南湖县", 156, 11208, 27946, 13615, 8127, 3519, 198, 3510),
    ("北岭县", 149, 9874, 24310, 11893, 7259, 2984, 187, 3215),
    ("清水县", 138, 8617, 21952, 10468, 6402, 2716, 153, 2968),
    ("云峰县", 141, 8230, 20815, 9902, 5981, 2507, 144, 2874),
    ("平川县", 135, 7902, 19824, 9371, 5516, 2238, 139, 2731),
]
LAST_YEAR = {"学校总数": 1301, "在校生总数": 561482, "专任教师数": 30102}
FUNDS, FUNDS_LAST = 1384562.36, 1296384.52  # 万元
GROSS_RATE, GROSS_RATE_LAST = 0.9472, 0.9351  # 高中阶段毛入学率


def totals() -> dict[str, int]:
    schools = sum(row[1] for row in COUNTIES)
    students = sum(sum(row[2:8]) for row in COUNTIES)
    teachers = sum(row[8] for row in COUNTIES)
    return {"学校总数": schools, "在校生总数": students, "专任教师数": teachers}


def indicators() -> list[tuple]:
    now = totals()
    return [
        ("学校总数", now["学校总数"], "所", "附件1 合计"),
        ("上年学校总数", LAST_YEAR["学校总数"], "所", f"{YEAR - 1}年统计简况"),
        ("在校生总数", now["在校生总数"], "人", "附件2 合计"),
        ("上年在校生总数", LAST_YEAR["在校生总数"], "人", f"{YEAR - 1}年统计简况"),
        ("专任教师数", now["专任教师数"], "人", "附件1 合计"),
        ("上年专任教师数", LAST_YEAR["专任教师数"], "人", f"{YEAR - 1}年统计简况"),
        ("教育经费总投入", FUNDS, "万元", "教育经费统计快报"),
        ("上年教育经费总投入", FUNDS_LAST, "万元", f"{YEAR - 1}年统计简况"),
        ("高中阶段毛入学率", GROSS_RATE, "比例", "在校生数 / 15—17 岁人口"),
        ("上年高中阶段毛入学率", GROSS_RATE_LAST, "比例", f"{YEAR - 1}年统计简况"),
    ]


def schools_table() -> tuple[list[list], list[str], dict[str, str]]:
    """附件1, upright: per county, schools, students, teachers and the pupil-teacher ratio."""
    rows = [["县（区）", "学校数（所）", "在校生数（人）", "专任教师数（人）", "生师比"]]
    for name, schools, *students, teachers in COUNTIES:
        rows.append([name, schools, sum(students), teachers, round(sum(students) / teachers, 2)])
    now = totals()
    rows.append(["合计", now["学校总数"], now["在校生总数"], now["专任教师数"],
                 round(now["在校生总数"] / now["专任教师数"], 2)])
    last = len(rows)
    formats = {f"{c}{r}": "#,##0" for c in "BCD" for r in range(2, last + 1)}
    formats.update({f"E{r}": "0.00" for r in range(2, last + 1)})
    return rows, [], formats


def students_table() -> tuple[list[list], list[str], dict[str, str]]:
    """附件2, landscape: students by stage, two header rows."""
    stages = ["学前教育", "小学", "初中", "普通高中", "中等职业教育", "特殊教育"]
    rows = [["县（区）", "在校生数（人）", None, None, None, None, None, "合计"], [None, *stages, None]]
    for name, _, *students, _ in COUNTIES:
        rows.append([name, *students, sum(students)])
    rows.append(["合计", *(sum(row[2 + i] for row in COUNTIES) for i in range(6)), totals()["在校生总数"]])
    formats = {f"{c}{r}": "#,##0" for c in "BCDEFGH" for r in range(3, len(rows) + 1)}
    return rows, ["A1:A2", "B1:G1", "H1:H2"], formats


TABLES = [  # 名称, 工作表, 表题, 表头行数, 单位, 注, 类型, 版式
    ("县区基本情况", "附件1-县区基本情况", "各县（区）学校、在校生和专任教师情况", 1, "", "注：生师比为在校生数与专任教师数之比。",
     "附件", "纵向"),
    ("分学段在校生", "附件2-分学段在校生", "各县（区）分学段在校生情况", 2, "", "", "附件", "横向"),
]
RULES = [
    ("各县（区）学校数之和等于全市学校总数", '单元格("附件1-县区基本情况", "B10") = 学校总数', 0),
    ("两个附件的在校生合计一致", '单元格("附件2-分学段在校生", "H11") = 单元格("附件1-县区基本情况", "C10")', 0),
]

PARAGRAPHS = [
    ("Normal", "为全面反映全市教育事业发展状况，服务教育决策和管理，市教育局根据{{ 报告.年度 }}年教育事业统计数据，"
               "编制了《{{ 报告.年度 }}年全市教育事业统计简况》。现印发给你们，请结合实际参考使用，并就有关事项通知如下。"),
    ("Heading 1", "基本情况"),
    ("Normal", "{{ 报告.年度 }}年，全市共有各级各类学校{{ 学校总数|千分位 }}所，{{ 学校总数|较上年(上年学校总数) }}；"
               "在校生{{ 在校生总数|千分位 }}人，{{ 在校生总数|较上年(上年在校生总数)|千分位 }}；"
               "专任教师{{ 专任教师数|千分位 }}人，{{ 专任教师数|较上年(上年专任教师数)|千分位 }}。各县（区）情况见{{ 引用(\"县区基本情况\") }}，"
               "分学段在校生见{{ 引用(\"分学段在校生\") }}。"),
    ("Normal", "全市教育经费总投入{{ 教育经费总投入|万元 }}，{{ 教育经费总投入|较上年(上年教育经费总投入) }}。"
               "高中阶段毛入学率{{ 高中阶段毛入学率|百分比 }}，{{ 高中阶段毛入学率|较上年(上年高中阶段毛入学率) }}。"),
    ("Heading 1", "有关要求"),
    ("Heading 2", "严格数据审核"),
    ("Normal", "各县（区）教育局要组织学校逐项核对本辖区数据，发现问题于{{ 报告.年度 + 1 }}年1月15日前报市教育局发展规划科。"),
    ("Heading 2", "规范数据使用"),
    ("Normal", "对外公布教育统计数据，以本统计简况为准；引用时注明出处，不得擅自修改。"),
]


def build_master(path: Path) -> None:
    document = Document()
    ensure_styles(document, ("Normal", "Heading 1", "Heading 2"), {})
    set_properties(document, "总模板", SUMMARY, COMMENTS, FIXED_TIME)
    for style, text in PARAGRAPHS:
        add(document, style, text)
    save_docx(document, path, FIXED_TIME)


def build_workbook(path: Path) -> None:
    book = new_workbook(f"{SUMMARY} 数据", FIXED_TIME)
    list_sheet(book, "指标", ["名称", "数值", "单位", "说明"], indicators(), [22, 14, 8, 40])
    list_sheet(book, "计算指标", ["名称", "公式", "单位", "说明"], [], [20, 40, 8, 40])
    list_sheet(book, "表格清单", ["名称", "工作表", "表题", "表头行数", "单位", "注", "类型", "版式"], TABLES,
               [14, 20, 40, 10, 6, 36, 8, 8])
    list_sheet(book, "图片清单", ["名称", "类型", "来源", "图题", "宽度(厘米)", "图表类型", "说明", "版式"], [],
               [12, 8, 28, 32, 11, 10, 32, 8])
    for (_, sheet, _, header_rows, *_), make in zip(TABLES, (schools_table, students_table)):
        rows, merges, formats = make()
        grid_sheet(book, sheet, rows, merges, header_rows, formats=formats, freeze=True)
    list_sheet(book, "校验规则", ["规则", "公式", "允许误差"], RULES, [40, 70, 10])
    save_workbook(book, path, FIXED_TIME)


def build_config(path: Path) -> None:
    lines = [
        "# reportgen 项目配置（公文示例：河阳市教育局印发统计简况的通知，机关与数据均为虚构）",
        "# 本文件为 TOML 格式：“# ”之后为注释；文字须用英文双引号括起；日期写作 年-月-日。",
        "# 在仓库文件夹中运行 reportgen build examples/公文通知 生成草稿。",
        "",
        "[report]",
        "# 文档类型：通知（公文，下行文）：没有封面，从第 1 页起编页码，标题编号 一、（一）",
        'kind = "通知"',
        "# 公文标题：\\n 处回行（回行时词意完整，上行长于下行）",
        f'title = "关于印发《{SUMMARY}》\\n的通知"',
        f"year = {YEAR}",
        "# 发文机关署名",
        'organisation = "河阳市教育局"',
        "# 成文日期",
        "date = 2025-12-20",
        "",
        "[data]",
        f'workbook = "{WORKBOOK}"',
        "",
        "[templates]",
        "# 总模板：公文的全部正文；版头、标题、主送机关、附件说明、落款和版记由 reportgen 生成",
        f'master = "{MASTER}"',
        "",
        "[gongwen]",
        'issuer_mark = "河阳市教育局文件"',
        f'number = "河教发〔{YEAR}〕36号"',
        'recipients = "各县（区）教育局，市直各学校"',
        "sealed = true",
        'note = "（此件公开发布）"',
        'copies_to = "市人民政府办公室，市统计局，省教育厅发展规划处"',
        'printed_by = "河阳市教育局办公室"',
        "",
        "# 附件：工作簿“表格清单”中类型为“附件”的表格，按清单的顺序，各自起页；版式为“横向”的单独排在横向页面上。",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    written = []
    for path, make in ((ROOT / "reportgen.toml", build_config), (ROOT / MASTER, build_master),
                       (ROOT / WORKBOOK, build_workbook)):
        path.parent.mkdir(parents=True, exist_ok=True)
        make(path)
        written.append(path)
    for path in written:
        print(path.relative_to(ROOT.parents[1]).as_posix())


if __name__ == "__main__":
    main()
