"""Layout passes remembered, so a rebuild that lays out the same document again does not wait for
LibreOffice (1 to 2 s a pass, most of a warm rebuild).

An entry is keyed by everything the pages depend on: the exact document laid out (every part but the
document properties, which carry the build's time), the LibreOffice installation, the fonts
fontconfig offers it, and the export options.  Any change misses, and the pass runs as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

from reportgen.data.picture_cache import prune, store

VERSION = "1"  # bump when what a pass reports changes
KEEP = 64  # entries kept: a pass or two per build, for the last few dozen builds


class LayoutCache:
    def __init__(self, folder: Path | None):
        self.folder = folder

    def key(self, laid_out: Path, soffice: str | None, fonts: list[str], options: dict) -> str:
        digest = hashlib.sha256(f"{VERSION}|{installation(soffice)}|{sorted(fonts)}|{sorted(options.items())}"
                                .encode())
        with zipfile.ZipFile(laid_out) as archive:
            for name in sorted(archive.namelist()):
                if not name.startswith("docProps/"):
                    digest.update(name.encode() + b"\0" + archive.read(name) + b"\0")
        return digest.hexdigest()

    def get(self, key: str) -> tuple[dict[str, tuple[int, float]], int] | None:
        """What the pass found, by probe name, and the page count; None when not remembered."""
        if self.folder is None:
            return None
        try:
            entry = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            return {name: (int(page), float(top)) for name, (page, top) in entry["found"].items()}, int(entry["count"])
        except (OSError, ValueError, KeyError, TypeError):  # absent, or not what this version wrote
            return None

    def put(self, key: str, found: dict[str, tuple[int, float]], count: int) -> None:
        if self.folder is None:
            return
        store(self.folder / f"{key}.json", json.dumps({"found": found, "count": count}).encode())
        prune(self.folder, "*.json", KEEP)


def installation(soffice: str | None) -> str:
    """The LibreOffice program, as the path and date of the file it runs (an upgrade changes them)."""
    if soffice is None:
        return ""
    try:
        real = os.path.realpath(soffice)
        return f"{real}|{os.stat(real).st_mtime_ns}"
    except OSError:
        return soffice
