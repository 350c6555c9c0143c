"""Benchmark: the example with 12-megapixel photos, reportgen cold and warm vs a bare docxtpl template.

Run from the repository root:  python3 benchmarks/bench_photos.py  [--repeats N]

It copies the bundled example to a temporary folder, replaces every JPEG photo
with a generated 4000 x 3000 camera-like photo (noise over gradients, some
with an EXIF rotation), then runs each scenario in a fresh Python process and
prints wall time, peak memory (this process's, plus its photo workers') and .docx size:

reportgen runs with `figure_min_scale = 1`: like docxtpl, it only places the photos
(scaling figures to fit needs a LibreOffice layout pass; bench_layout.py measures it).  With
`--fitting` it keeps the example's profile as it is: the sideways photos, turned, are taller than
half a page, and the layout passes scale the figures that would leave a page half empty.

* reportgen cold  - empty picture cache;
* reportgen warm  - a rebuild after a number changed in the workbook;
* docxtpl 150 mm  - the same photos through a plain docxtpl template, inserted
                    at 150 mm wide as they are (the common alternative).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
PHOTO_SIZE = (4000, 3000)  # 12 megapixels


def make_photo(path: Path, seed: int) -> None:
    """A JPEG that compresses like a phone photo: smooth light, texture and sensor noise."""
    rng = np.random.default_rng(seed)
    width, height = PHOTO_SIZE
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    base = rng.uniform(60, 200, 3)
    image = np.empty((height, width, 3), np.float32)
    for channel in range(3):
        image[..., channel] = (base[channel] + 40 * np.sin(x / rng.uniform(200, 900) + channel)
                               + 30 * np.cos(y / rng.uniform(150, 700)))
    image += rng.normal(0, 9, image.shape).astype(np.float32)
    picture = Image.fromarray(np.clip(image, 0, 255).astype(np.uint8))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "BenchCam", "12MP"
    exif[0x0112] = 6 if seed % 5 == 0 else 1  # some photos stored sideways, as phones do
    picture.save(path, "JPEG", quality=92, exif=exif)


def prepare(folder: Path, fitting: bool = False) -> list[Path]:
    for name in ("reportgen.toml", "templates", "data"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
    # docxtpl only places the photos; so does reportgen here.  Scaling figures to fit their pages needs a
    # LibreOffice layout pass (with the rotated photos, some are taller than half a page), which
    # bench_layout.py measures.
    if not fitting:
        config = folder / "reportgen.toml"
        config.write_text(config.read_text(encoding="utf-8").replace("[profile]\n", "[profile]\nfigure_min_scale = 1\n"),
                          encoding="utf-8")
    photos = sorted((folder / "data" / "图片").glob("*.jpg"))
    for seed, photo in enumerate(photos):
        make_photo(photo, seed)
    return photos


def bump_a_number(folder: Path) -> None:
    import openpyxl

    path = folder / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    for row in book["指标"].iter_rows(min_row=2):
        if row[0].value == "毕业生数":
            row[1].value += 1
    book.save(path)


def run_docxtpl(folder: Path, photos: list[Path], target: Path) -> None:
    import docx
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    template = folder / "bare.docx"
    document = docx.Document()
    for index in range(len(photos)):
        document.add_paragraph(f"{{{{ photo{index} }}}}")
    document.save(template)
    tpl = DocxTemplate(template)
    context = {f"photo{i}": InlineImage(tpl, str(p), width=Mm(150)) for i, p in enumerate(photos)}
    tpl.render(context)
    tpl.save(target)


def peak_rss_mb() -> float:
    """This process's peak resident memory.  VmHWM, unlike ru_maxrss, starts afresh at exec,
    so a child does not report its (large) parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scenario(name: str, folder: Path) -> dict:
    """Run one scenario in this (fresh) process and report its own figures."""
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # import-time helpers
    start = time.perf_counter()
    if name == "docxtpl":
        target = folder / "output" / "docxtpl.docx"
        target.parent.mkdir(exist_ok=True)
        run_docxtpl(folder, sorted((folder / "data" / "图片").glob("*.jpg")), target)
    else:
        from click.testing import CliRunner

        from reportgen.cli import main

        result = CliRunner().invoke(main, ["build", str(folder), "--force"])
        if result.exit_code != 0:
            raise SystemExit(result.output)
        target = folder / "output" / "庆阳市中等职业教育质量报告.docx"
    seconds = time.perf_counter() - start
    # reportgen's photo workers (one per core, none on a warm build) count too: the largest one's
    # peak times their number, an upper bound since forked workers share pages with this process.
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    workers_mb = (os.cpu_count() or 1) * children / 1024 if children > children_before else 0
    return {"seconds": seconds, "peak_mb": peak_rss_mb() + workers_mb,
            "size_mb": target.stat().st_size / 1e6}


# Children run with bytecode caching on, as on a user's machine (pip writes .pyc files);
# some sandboxes set PYTHONDONTWRITEBYTECODE, which would time the compiler instead.
# They import reportgen from this checkout, whichever copy pip installed.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
CHILD_ENV["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))


def child(name: str, folder: Path) -> dict:
    output = subprocess.run([sys.executable, __file__, "--scenario", name, str(folder)],
                            check=True, capture_output=True, text=True, env=CHILD_ENV).stdout
    return json.loads(output.strip().splitlines()[-1])


def median(runs: list[dict]) -> dict:
    """The run with the median time."""
    return sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]


def measure(folder: Path, repeats: int) -> dict[str, dict]:
    """Median runs of each scenario.  The scenarios take turns (cold, warm, docxtpl, cold, ...),
    so a slow spell of a shared machine slows all three instead of skewing one ratio."""
    cache = folder / "output" / ".reportgen-cache"
    runs: dict[str, list] = {"reportgen cold": [], "reportgen warm": [], "docxtpl 150 mm": []}
    for round_ in range(1, repeats + 1):
        shutil.rmtree(cache, ignore_errors=True)
        runs["reportgen cold"].append(child("reportgen", folder))
        bump_a_number(folder)
        runs["reportgen warm"].append(child("reportgen", folder))
        runs["docxtpl 150 mm"].append(child("docxtpl", folder))
        print(f"round {round_}/{repeats}: " + ", ".join(f"{name} {scenario_runs[-1]['seconds']:.2f} s"
                                                        for name, scenario_runs in runs.items()), flush=True)
    return {name: median(scenario_runs) for name, scenario_runs in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=["reportgen", "docxtpl"])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--repeats", type=int, default=5, help="runs per scenario; the median is shown")
    parser.add_argument("--fitting", action="store_true", help="the example's own profile: figures fitted to pages")
    args = parser.parse_args()
    if args.scenario:
        print(json.dumps(scenario(args.scenario, args.folder)))
        return

    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as work:
        folder = Path(work)
        photos = prepare(folder, args.fitting)
        source_mb = sum(p.stat().st_size for p in photos) / 1e6
        print(f"{len(photos)} photos of {PHOTO_SIZE[0]}x{PHOTO_SIZE[1]} px, {source_mb:.1f} MB in all")
        subprocess.run([sys.executable, "-c", "import reportgen.cli, docxtpl"], check=True, env=CHILD_ENV)
        results = measure(folder, args.repeats)

    print(f"\n{'scenario':<16}{'time (s)':>10}{'peak (MB)':>11}{'docx (MB)':>11}")
    for name, r in results.items():
        print(f"{name:<16}{r['seconds']:>10.2f}{r['peak_mb']:>11.0f}{r['size_mb']:>11.2f}")
    base = results["docxtpl 150 mm"]
    cold, warm = results["reportgen cold"], results["reportgen warm"]
    print("\nratios against docxtpl:")
    print(f"  draft size          {cold['size_mb'] / base['size_mb']:.3f}   (target <= 0.10)")
    print(f"  cold build time     {cold['seconds'] / base['seconds']:.3f}   (target <= 0.50)")
    print(f"  warm rebuild time   {warm['seconds'] / base['seconds']:.3f}   (target <= 0.25)")
    print(f"  peak memory (cold)  {cold['peak_mb']:.0f} MB (target < 500 MB)")


if __name__ == "__main__":
    main()
