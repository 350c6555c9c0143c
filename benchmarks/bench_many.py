"""Benchmark: does a build stay linear in the number of pictures?

Run from the repository root:  python3 benchmarks/bench_many.py

Builds a one-chapter project with 100, 200 and 400 distinct small photos
(python-docx's own add_picture re-hashes every image already in the package,
which makes it quadratic) and prints the time per picture for each size; a
linear build keeps that figure flat.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]  # this checkout, whichever copy pip installed

from conftest import make_project  # noqa: E402  (the tests' project writer)

from reportgen.build import build  # noqa: E402
from reportgen.project.config import load_project  # noqa: E402


def run(count: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        figures = [(f"照片{i}", "照片", f"data/图片/{i}.jpg", f"活动{i}", 6, None, None) for i in range(count)]
        tags = [f'{{{{ 插图("照片{i}") }}}}' for i in range(count)]
        project = make_project(Path(folder), figures=figures, sections={"概况": ["概况", *tags]})
        for i in range(count):
            Image.new("RGB", (640, 480), (i % 256, (i * 7) % 256, (i * 13) % 256)).save(
                project / "data" / "图片" / f"{i}.jpg", quality=90)
        start = time.perf_counter()
        build(load_project(project))
        return time.perf_counter() - start


def main() -> None:
    print(f"{'pictures':>9}{'time (s)':>10}{'ms / picture':>14}")
    for count in (100, 200, 400):
        seconds = run(count)
        print(f"{count:>9}{seconds:>10.2f}{seconds / count * 1000:>14.1f}")


if __name__ == "__main__":
    main()
