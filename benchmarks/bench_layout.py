"""Benchmark: what the layout pass (目录 page numbers, 续表, figures scaled to fit) adds to a build.

Run from the repository root:  python3 benchmarks/bench_layout.py  [--repeats N]

It copies the bundled example (33 pages) to four temporary folders, warms their
picture caches, then times warm rebuilds of each in a fresh Python process,
round by round, and prints the medians:

* no pass          - the example with `figure_min_scale = 1`: nothing asks for a layout pass;
* 目录             - the same plus `{{ 目录() }}` in the master template: one pass numbers it;
* figures          - the example as published: its one figure taller than half a page asks for a pass,
                     and the passes scale the figures that would move (then check them);
* 目录 + figures   - both;
* PDF export       - `soffice --convert-to pdf` of the built draft alone, in a fresh private profile:
                     the floor for any LibreOffice-based pass (the alternative: a writer opens the
                     draft, updates the 目录 and resizes pictures by hand).

The goal for the time a 目录 adds (目录 minus no pass) is at most 3 s on the
2-core development VM; scaling figures costs a pass more (about 2 s) for
each round of changes it makes.
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


def copy_example(folder: Path, *, contents: bool, fit_figures: bool) -> Path:
    folder.mkdir()
    for name in ("reportgen.toml", "templates", "data"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
    if contents:
        master = folder / "templates" / "总模板.docx"
        document = docx.Document(master)
        preface = next(p for p in document.paragraphs if p.style.name == "前言标题")
        preface.insert_paragraph_before("{{ 目录() }}")
        document.save(master)
    if not fit_figures:
        config = folder / "reportgen.toml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("[profile]\n", "[profile]\nfigure_min_scale = 1\n"), encoding="utf-8")
    return folder


def build(folder: Path) -> float:
    """Wall time of `reportgen build --force` in a fresh process (the checkout's own reportgen), its
    layout passes run anew: the remembered ones (output/.reportgen-cache/layout) are forgotten first, as
    after a change of a number."""
    shutil.rmtree(folder / "output" / ".reportgen-cache" / "layout", ignore_errors=True)
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
        folders = {"no pass": copy_example(temp / "plain", contents=False, fit_figures=False),
                   "目录": copy_example(temp / "contents", contents=True, fit_figures=False),
                   "figures": copy_example(temp / "figures", contents=False, fit_figures=True),
                   "目录 + figures": copy_example(temp / "both", contents=True, fit_figures=True)}
        for folder in folders.values():
            build(folder)  # warm the picture caches: the rounds time the pipeline
        times = {name: [] for name in [*folders, "PDF export"]}
        for round_ in range(1, args.repeats + 1):
            for name, folder in folders.items():
                times[name].append(build(folder))
            times["PDF export"].append(export(folders["目录"], temp))
            print(f"round {round_}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items()), flush=True)
        medians = {name: statistics.median(values) for name, values in times.items()}
        print(f"\n{'scenario':<16}{'median (s)':>12}")
        for name, value in medians.items():
            print(f"{name:<16}{value:>12.2f}")
        added = medians["目录"] - medians["no pass"]
        print(f"\nthe draft with 目录 has {pages(folders['目录'], temp)} pages")
        print(f"added by the 目录's layout pass: {added:.2f} s (goal ≤ 3 s: {'met' if added <= 3 else 'NOT met'})")
        print(f"added / a bare PDF export: {added / medians['PDF export']:.2f}")
        for name in ("figures", "目录 + figures"):
            print(f"added with figures scaled to fit ({name}): {medians[name] - medians['no pass']:.2f} s")


if __name__ == "__main__":
    main()
