"""Benchmark: builds whose layout passes run in one LibreOffice, against the floor and against docxtpl.

Run from the repository root:  python3 benchmarks/bench_office.py  [--repeats N] [--rows N] [--big-floor]

Each scenario runs in a fresh process; the scenarios take turns, round by round, so that a slow spell
of this shared machine slows them all rather than one ratio; the tables show medians.

School report (examples/学校年报, 5 layout passes: 目录, 续表, figures fitted):

* school cold     - `build --force` with `output/.reportgen-cache` emptied (pictures and passes) and no
                    office kept running (`reportgen office stop` first, outside the timing);
* school changed  - `build --force` after a number changed in the workbook (between rounds, outside the
                    timing): pictures remembered, every layout pass run anew, in the office the build
                    before left running;
* school changed, own office - the same with `REPORTGEN_OFFICE_IDLE=0`: an office started for the build;
* school pdf      - `reportgen pdf` of the draft, in the kept office;
* school floor    - one `soffice --headless --convert-to pdf` of the finished draft, in a fresh private
                    profile: the least any tool that knows its page numbers must pay.

The bundled example with `--rows` rows (default 10,000) appended to its 表2 (the sheet 表2-就业情况, a
writer's "full roster" under the table's own merged block):

* big cold, big changed - as above;
* docxtpl table         - the same rows rendered by docxtpl through a `{%tr for %}` template, alone;
* big floor             - one conversion of that draft: LibreOffice takes minutes over the table, so it
                          runs once, and only with --big-floor.

Peak memory is the whole process tree's (reportgen and its office together, the kept office included
when an earlier build started it), summed from /proc every 20 ms.  The builds keep their office in a
folder of the benchmark's own (`XDG_RUNTIME_DIR`), stopped at the end.  Goals (issue 22): school cold <= 1.3 x its floor, school changed <= 0.5 x it; big cold and
changed <= 1.0 x (docxtpl table + big floor).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import docx
import openpyxl
from example_copy import copy_example

REPO = Path(__file__).resolve().parent.parent
SCHOOL_DRAFT = "output/河阳县职业教育中心质量年度报告.docx"
BIG_DRAFT = "output/庆阳市中等职业教育质量报告.docx"
ROSTER = "表2-就业情况"
RUNTIME = Path(tempfile.mkdtemp(prefix="reportgen-bench-runtime-"))  # the kept office's folder goes here
KEPT = RUNTIME / f"reportgen-lo-kept-{os.getuid()}"
ENV = {**os.environ, "XDG_RUNTIME_DIR": str(RUNTIME), "REPORTGEN_OFFICE_IDLE": "600"}

DOCXTPL = """
import sys, openpyxl
from docxtpl import DocxTemplate
book = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
rows = [list(row) for row in book[sys.argv[4]].iter_rows(values_only=True)]
template = DocxTemplate(sys.argv[2])
template.render({"rows": rows})
template.save(sys.argv[3])
"""


def _tree_rss_kb(*roots: int) -> int:
    """Resident memory of the processes `roots` and all their descendants, each counted once, in KB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid, parent = int(entry.name), int(fields["PPid"])
        children.setdefault(parent, []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    seen, stack = set(), list(roots)
    while stack:
        pid = stack.pop()
        if pid not in seen:
            seen.add(pid)
            stack += children.get(pid, [])
    return sum(rss.get(pid, 0) for pid in seen)


def _kept_keeper() -> int:
    """The process keeping the office between builds (kept_office.STATE), or 0."""
    import json
    try:
        state = json.loads((KEPT / "office.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    return int(state.get("keeper", 0))


def run(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak MB of the process tree of `command` and of the kept office (the office it
    starts included; it is in a session of its own but still a descendant)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO,
                               env={**ENV, **(env or {})})
    peak = 0
    done = threading.Event()

    def watch():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(process.pid, _kept_keeper()))
            time.sleep(0.02)
    watcher = threading.Thread(target=watch)
    watcher.start()
    _, error = process.communicate()
    wall = time.perf_counter() - start
    done.set()
    watcher.join()
    if process.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{error.decode(errors='replace')}")
    return wall, peak / 1024


def build(folder: Path, *, cold: bool, env: dict | None = None) -> tuple[float, float]:
    if cold:
        shutil.rmtree(folder / "output" / ".reportgen-cache", ignore_errors=True)
        stop_office()
    return run([sys.executable, "-m", "reportgen", "build", "--force", str(folder)], env)


def stop_office() -> None:
    subprocess.run([sys.executable, "-m", "reportgen", "office", "stop"], env=ENV, cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL)


def convert(draft: Path, work: Path) -> tuple[float, float]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    profile = Path(tempfile.mkdtemp(dir=work))
    return run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                "--outdir", str(work), str(draft)])


def change_a_number(workbook: Path, sheet: str, cell: str, value: int) -> None:
    book = openpyxl.load_workbook(workbook)
    book[sheet][cell] = value
    book.save(workbook)


def school_copy(folder: Path) -> Path:
    shutil.copytree(REPO / "examples" / "学校年报", folder, ignore=shutil.ignore_patterns("output"))
    return folder


def big_copy(folder: Path, rows: int) -> Path:
    copy_example(folder)
    workbook = folder / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(workbook)
    sheet = book[ROSTER]
    pick = random.Random(1).randint
    for i in range(1, rows + 1):
        sheet.append([f"学校{i}", pick(1, 900), None, pick(1, 900), None, pick(1, 900), None, None])
    book.save(workbook)
    return folder


def docxtpl_template(path: Path, columns: int) -> Path:
    document = docx.Document()
    table = document.add_table(rows=3, cols=columns)
    for column in range(columns):
        table.cell(1, column).text = "{{ r[%d] if r[%d] is not none else '' }}" % (column, column)
    table.cell(0, 0).text = "{%tr for r in rows %}"
    table.cell(2, 0).text = "{%tr endfor %}"
    document.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--big-floor", action="store_true", help="convert the big draft once (minutes)")
    args = parser.parse_args()
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        sys.exit("LibreOffice (soffice) is needed")
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as work:
        work = Path(work)
        school = school_copy(work / "学校年报")
        big = big_copy(work / "big", args.rows)
        script, template = work / "docxtpl_table.py", docxtpl_template(work / "table.docx", 8)
        script.write_text(DOCXTPL, encoding="utf-8")
        build(school, cold=True)  # drafts for the floors
        build(big, cold=True)
        scenarios = {
            "school cold": lambda r: build(school, cold=True),
            "school changed": lambda r: (change_a_number(school / "data" / "学校数据.xlsx", "指标", "B4", 86400 + r),
                                         build(school, cold=False))[1],
            "school changed, own office": lambda r: (
                change_a_number(school / "data" / "学校数据.xlsx", "指标", "B4", 86500 + r),
                build(school, cold=False, env={"REPORTGEN_OFFICE_IDLE": "0"}))[1],
            "school pdf": lambda r: run([sys.executable, "-m", "reportgen", "pdf", str(school),
                                        "-o", str(work / "school.pdf")]),
            "school floor": lambda r: convert(school / SCHOOL_DRAFT, work),
            "big cold": lambda r: build(big, cold=True),
            "big changed": lambda r: (change_a_number(big / "data" / "报告数据.xlsx", "指标", "B4", 100 + r),
                                      build(big, cold=False))[1],
            "docxtpl table": lambda r: run([sys.executable, str(script), str(big / "data" / "报告数据.xlsx"),
                                            str(template), str(work / "docxtpl.docx"), ROSTER]),
        }
        results: dict[str, list] = {name: [] for name in scenarios}
        for round_number in range(1, args.repeats + 1):
            for name, scenario in scenarios.items():
                results[name].append(scenario(round_number))
            print(f"round {round_number}: " + ", ".join(f"{n} {r[-1][0]:.2f} s" for n, r in results.items()),
                  flush=True)
        if args.big_floor:
            results["big floor"] = [convert(big / BIG_DRAFT, work)]
            print(f"big floor (once): {results['big floor'][0][0]:.1f} s", flush=True)
    median = {name: (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs))
              for name, runs in results.items()}
    print(f"\nmedians of {args.repeats} rounds; {args.rows} rows appended to {ROSTER}\n")
    print("| scenario | time (s) | peak, with its office (MB) |")
    print("|---|---:|---:|")
    for name, (wall, peak) in median.items():
        print(f"| {name} | {wall:.2f} | {peak:.0f} |")
    floor = median["school floor"][0]
    print(f"\nschool cold / floor:    {median['school cold'][0] / floor:.2f} (goal <= 1.30)")
    print(f"school changed / floor: {median['school changed'][0] / floor:.2f} (goal <= 0.50)")
    print(f"school changed, own office / floor: {median['school changed, own office'][0] / floor:.2f}")
    print(f"school pdf / floor: {median['school pdf'][0] / floor:.2f}")
    if "big floor" in median:
        alternative = median["docxtpl table"][0] + median["big floor"][0]
        print(f"big cold / (docxtpl table + big floor):    {median['big cold'][0] / alternative:.3f} (goal <= 1.00)")
        print(f"big changed / (docxtpl table + big floor): {median['big changed'][0] / alternative:.3f} (goal <= 1.00)")
    print(f"big cold / docxtpl table alone: {median['big cold'][0] / median['docxtpl table'][0]:.2f}")


if __name__ == "__main__":
    try:
        main()
    finally:  # the office the builds kept, and its folder
        stop_office()
        shutil.rmtree(RUNTIME, ignore_errors=True)
