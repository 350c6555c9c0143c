"""Benchmark: `reportgen compare` and `reportgen update` on the bundled example's draft, edited.

Run from the repository root:  python3 benchmarks/bench_revise.py  [--repeats N]

A copy of the bundled example is built once; then its draft is edited as an editor would (a number in
the text and a table cell typed over, the first figure and its caption deleted, so 23 captions need
renumbering) and a number in the workbook changes.  Round by round, each command runs as a writer runs
it, the installed `reportgen` script in a fresh process with the bytecode cache on, timed from outside:

* compare      - lists the 26 differences, writes nothing;
* update       - writes them into the draft as tracked revisions (the edited draft is put back after);
* warm rebuild - `reportgen build --force`, the alternative that throws the editors' work away.

Goal (issue 11): compare and update at most 1 s each.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
import openpyxl
from docx.oxml.ns import qn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_startup import copy_example, repeats, script, timed, writer_env  # noqa: E402 (benchmarks is no package)

REPO = Path(__file__).resolve().parent.parent
GOAL = 1.0


def edit(draft: Path) -> None:
    """A number in the text and a table cell typed over; the first figure and its caption deleted."""
    document = docx.Document(draft)
    body = document.element.body
    for start in body.iter(qn("w:bookmarkStart")):
        run = start.getnext()
        t = run.find(qn("w:t")) if run is not None else None
        if start.get(qn("w:name")).startswith("_RGv") and t is not None and t.text.isdigit() and len(t.text) < 4:
            t.text = str(int(t.text) + 1)
            break
    cell = document.tables[0].rows[-1].cells[-1]._tc
    next(cell.iter(qn("w:t"))).text = "9999"
    caption = next(p for p in body.iter(qn("w:p"))
                   if any("SEQ 图" in (i.text or "") for i in p.iter(qn("w:instrText"))))
    for element in (caption.getprevious(), caption):
        element.getparent().remove(element)
    document.save(draft)


def change_workbook(example: Path) -> None:
    path = example / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    row = next(r for r in book["指标"].iter_rows(min_row=2) if isinstance(r[1].value, (int, float)))
    row[1].value = row[1].value + 1
    book.save(path)


def main() -> None:
    rounds = repeats(__doc__)
    env = writer_env()
    reportgen = script()
    with tempfile.TemporaryDirectory(prefix="bench-revise-") as work:
        example = copy_example(Path(work) / "example")
        subprocess.run([*reportgen, "build", str(example)], check=True, capture_output=True, env=env)
        draft = next((example / "output").glob("*.docx"))
        edit(draft)
        change_workbook(example)
        edited, ledger = draft.read_bytes(), (example / "output" / ".reportgen-drafts.json").read_bytes()
        shown = subprocess.run([*reportgen, "compare", str(example)], capture_output=True, text=True, env=env)
        print(shown.stdout.splitlines()[-1])

        def restore():  # the draft as the editors left it, for the next round
            draft.write_bytes(edited)
            (example / "output" / ".reportgen-drafts.json").write_bytes(ledger)
            for backup in (example / "output").glob("*.备份-*.docx"):
                backup.unlink()

        scenarios = {
            "compare": [*reportgen, "compare", str(example)],
            "update": [*reportgen, "update", str(example)],
            "warm rebuild": [*reportgen, "build", "--force", str(example)],
        }
        results = {name: [] for name in scenarios}
        for round_number in range(1, rounds + 1):
            for name, command in scenarios.items():
                results[name].append(timed(command, env, check=False))  # compare exits 1 on differences
                restore()
            print(f"round {round_number}: " + ", ".join(f"{n} {r[-1]:.3f} s" for n, r in results.items()),
                  flush=True)
    rebuild = statistics.median(results["warm rebuild"])
    print(f"\nmedians of {rounds} rounds ({' '.join(reportgen)})\n")
    print("| command | time (s) | × warm rebuild | goal (s) |")
    print("|---|---|---|---|")
    for name, times in results.items():
        median = statistics.median(times)
        goal = f"{GOAL:.1f} " + ("met" if median <= GOAL else "NOT met") if name != "warm rebuild" else ""
        print(f"| {name} | {median:.3f} | {median / rebuild:.2f} | {goal} |")


if __name__ == "__main__":
    main()
