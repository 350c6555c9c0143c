"""Benchmark: the bundled example with a 10,000-row x 8-column table added, against docxtpl.

Run from the repository root:  python3 benchmarks/bench_big_table.py  [--repeats N] [--rows N]

It copies the bundled example to a temporary folder, adds a sheet of 10,000 generated rows
(序号, 学校, 专业, 年级, 姓名, 性别, 成绩, 就业去向) listed in 表格清单 and asked for at the end of the
last chapter, builds once to warm the picture and layout caches, then times, round by round, each in
a fresh Python process:

* rebuild, unchanged  - `build --force` of the same project: the layout passes (figures fitted, 续表
                        marked) are remembered, so no LibreOffice runs;
* rebuild, changed    - `build --force` after a number in the text changed (written between rounds,
                        outside the timing): the document differs, so every layout pass runs;
* reportgen check     - `check` on the same project;
* docxtpl table       - the alternative for the table alone: a process that reads the same rows with
                        openpyxl and renders them through a `{%tr for %}` loop in a one-table template.

Peak memory is the process's own (ru_maxrss), LibreOffice's excluded.
Goals (issue 13): the build no slower than docxtpl's table alone, peak memory at most 300 MB,
check at most 1 s.  The changed rebuild is shown beside them: its layout passes are LibreOffice runs
of 1.5-2 s each, which no change on reportgen's side removes.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docx
import openpyxl
from example_copy import copy_example

REPO = Path(__file__).resolve().parent.parent
COLUMNS = ["序号", "学校", "专业", "年级", "姓名", "性别", "成绩", "就业去向"]

# Runs the command (a module or a script) in-process and prints its own peak KB as it exits, however it
# exits: `reportgen` leaves through os._exit, skipping the interpreter's teardown.
MEASURE = """
import os, resource, runpy, sys
def report():
    sys.stderr.write(f"MEASURED {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n")
    sys.stderr.flush()
leave = os._exit
os._exit = lambda code: (report(), leave(code))
sys.argv = sys.argv[1:]
try:
    runpy.run_path(sys.argv[0], run_name="__main__") if sys.argv[0].endswith(".py") else runpy.run_module(
        sys.argv[0], run_name="__main__")
except SystemExit as end:
    if end.code not in (0, None):
        raise
report()
"""

DOCXTPL = """
import sys, openpyxl
from docxtpl import DocxTemplate
book = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
rows = [list(row) for row in book["大表"].iter_rows(min_row=2, values_only=True)]
template = DocxTemplate(sys.argv[2])
template.render({"rows": rows})
template.save(sys.argv[3])
"""


def big_example(folder: Path, rows: int) -> Path:
    copy_example(folder)
    workbook = folder / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(workbook)
    book["表格清单"].append(["大表", "大表", "全市中职学生明细表", 1, None, None])
    sheet = book.create_sheet("大表")
    sheet.append(COLUMNS)
    pick = random.Random(1).choice
    for i in range(1, rows + 1):
        sheet.append([i, f"第{i % 15 + 1}中等职业学校", pick(["数控技术应用", "护理", "电子商务", "学前教育"]),
                      pick(["一年级", "二年级", "三年级"]), f"学生{i}", pick("男女"), 50 + i % 51,
                      pick(["升学", "就业", "参军"])])
    book.save(workbook)
    last = sorted((folder / "templates" / "章节").glob("*.docx"))[-1]
    document = docx.Document(last)
    document.add_paragraph('{{ 表格("大表") }}')
    document.save(last)
    return folder


def change_a_number(folder: Path, value: int) -> None:
    """Set 国家示范校数 (指标 B4, printed in chapter 1) to `value`, as a writer correcting a figure would."""
    workbook = folder / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(workbook)
    book["指标"]["B4"] = value
    book.save(workbook)


def docxtpl_template(path: Path) -> Path:
    document = docx.Document()
    table = document.add_table(rows=4, cols=len(COLUMNS))
    for column, title in enumerate(COLUMNS):
        table.cell(0, column).text = title
        table.cell(2, column).text = "{{ r[%d] }}" % column
    table.cell(1, 0).text = "{%tr for r in rows %}"
    table.cell(3, 0).text = "{%tr endfor %}"
    document.save(path)
    return path


def measure(*command: str) -> tuple[float, float]:
    """Wall seconds, as the writer waits for them (interpreter start and exit included), and peak MB of
    `command` (a module or a script and its arguments) run in a fresh interpreter."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, cwd=REPO)
    wall = time.perf_counter() - start
    line = next((line for line in done.stderr.splitlines() if line.startswith("MEASURED")), None)
    if done.returncode != 0 or line is None:
        sys.exit(f"failed: {' '.join(command)}\n{done.stdout}\n{done.stderr}")
    return wall, int(line.split()[1]) / 1024  # the process's own peak: LibreOffice's is not counted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-big-") as work:
        work = Path(work)
        project = big_example(work / "example", args.rows)
        template = docxtpl_template(work / "table.docx")
        script = work / "docxtpl_table.py"
        script.write_text(DOCXTPL, encoding="utf-8")
        subprocess.run([sys.executable, "-m", "reportgen", "build", str(project)], check=True, capture_output=True)
        build = ("reportgen", "build", "--force", str(project))
        scenarios = {
            "rebuild, unchanged": build,
            "rebuild, changed": build,
            "reportgen check": ("reportgen", "check", str(project)),
            "docxtpl table": (str(script), str(project / "data" / "报告数据.xlsx"), str(template),
                              str(work / "docxtpl.docx")),
        }
        results = {name: [] for name in scenarios}
        for round_number in range(1, args.repeats + 1):
            for name, command in scenarios.items():
                if name == "rebuild, changed":
                    change_a_number(project, 100 + round_number)
                results[name].append(measure(*command))
            print(f"round {round_number}: " + ", ".join(f"{n} {r[-1][0]:.2f} s" for n, r in results.items()),
                  flush=True)
    median = {name: tuple(statistics.median(r[i] for r in runs) for i in range(2)) for name, runs in results.items()}
    print(f"\n{args.rows} rows x {len(COLUMNS)} columns, medians of {args.repeats} rounds\n")
    print("| scenario | time (s) | peak (MB) |")
    print("|---|---|---|")
    for name, (wall, own) in median.items():
        print(f"| {name} | {wall:.2f} | {own:.0f} |")
    build, check, docxtpl = median["rebuild, unchanged"], median["reportgen check"], median["docxtpl table"]
    print(f"\nrebuild, unchanged / docxtpl table: {build[0] / docxtpl[0]:.2f} (goal <= 1.00)")
    print(f"rebuild, changed / docxtpl table: {median['rebuild, changed'][0] / docxtpl[0]:.2f}")
    print(f"build peak memory: {max(build[1], median['rebuild, changed'][1]):.0f} MB (goal <= 300)")
    print(f"check: {check[0]:.2f} s (goal <= 1.00)")


if __name__ == "__main__":
    main()
