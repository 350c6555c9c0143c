"""Benchmark: what the layout pass (目录 page numbers, 续表) adds to a build.

Run from the repository root:  python3 benchmarks/bench_layout.py  [--repeats N]

It copies the bundled example (34 pages) to two temporary folders, one as it
is and one with `{{ 目录() }}` added to its master template, warms both
picture caches, then times warm rebuilds of each in a fresh Python process,
round by round, and prints the medians:

* without 目录   - the example as published: no layout pass runs;
* with 目录      - the same plus a 目录 whose page numbers come from a LibreOffice layout pass;
* PDF export    - `soffice --convert-to pdf` of the built draft alone, in a fresh private profile:
                  the floor for any LibreOffice-based pagination (the alternative: a writer opens the
                  draft and updates the 目录 by hand).

The goal for the added time (with 目录 minus without) is at most 3 s on the
2-core development VM.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docx

REPO = Path(__file__).resolve().parent.parent
DRAFT = "output/庆阳市中等职业教育质量报告.docx"


def copy_example(folder: Path, with_contents: bool) -> Path:
    folder.mkdir()
    for name in ("reportgen.toml", "templates", "data"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
    if with_contents:
        master = folder / "templates" / "总模板.docx"
        document = docx.Document(master)
        preface = next(p for p in document.paragraphs if p.style.name == "前言标题")
        preface.insert_paragraph_before("{{ 目录() }}")
        document.save(master)
    return folder


def build(folder: Path) -> float:
    """Wall time of `reportgen build --force` in a fresh process (the checkout's own reportgen)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reportgen", "build", "--force", str(folder)], check=True,
                   capture_output=True, cwd=REPO)
    return time.perf_counter() - start


def export(folder: Path, work: Path) -> float:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    start = time.perf_counter()
    profile = tempfile.mkdtemp(dir=work)
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(work), str(folder / DRAFT)], check=True, capture_output=True)
    return time.perf_counter() - start


def pages(folder: Path, work: Path) -> int:
    from pypdf import PdfReader
    return len(PdfReader(work / (Path(DRAFT).stem + ".pdf")).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        sys.exit("LibreOffice (soffice) is needed for the layout pass")
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as temp:
        temp = Path(temp)
        plain, contents = copy_example(temp / "plain", False), copy_example(temp / "contents", True)
        build(plain), build(contents)  # warm the picture caches: the rounds time the pipeline
        times = {"without 目录": [], "with 目录": [], "PDF export": []}
        for round_ in range(1, args.repeats + 1):
            times["without 目录"].append(build(plain))
            times["with 目录"].append(build(contents))
            times["PDF export"].append(export(contents, temp))
            print(f"round {round_}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items()), flush=True)
        medians = {name: statistics.median(values) for name, values in times.items()}
        print(f"\n{'scenario':<14}{'median (s)':>12}")
        for name, value in medians.items():
            print(f"{name:<14}{value:>12.2f}")
        added = medians["with 目录"] - medians["without 目录"]
        print(f"\nthe draft with 目录 has {pages(contents, temp)} pages")
        print(f"added by the layout pass: {added:.2f} s (goal ≤ 3 s: {'met' if added <= 3 else 'NOT met'})")
        print(f"added / a bare PDF export: {added / medians['PDF export']:.2f}")


if __name__ == "__main__":
    main()
