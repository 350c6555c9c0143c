"""The bundled example (the repository root's project), copied for a benchmark to change and build."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def copy_example(folder: Path) -> Path:
    """The example's reportgen.toml, templates and data in `folder` (made), without its output."""
    folder.mkdir()
    for name in ("reportgen.toml", "templates", "data"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
    return folder
