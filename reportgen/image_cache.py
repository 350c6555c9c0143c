"""A cache of prepared pictures, so a rebuild after a text or number change redoes no image work.

Entries are keyed by the picture file's content and every setting that changes
the result (placed width, dpi, the preparation code's version); a changed photo
or setting simply misses.  Entries are written atomically, so an interrupted
build never leaves a half-written one.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from reportgen import images

VERSION = "1"  # bump when images.prepare changes its output
SUFFIX = {"JPEG": ".jpg", "PNG": ".png"}


class ImageCache:
    def __init__(self, folder: Path | None):
        self.folder = folder
        self.hits = self.misses = 0

    def _key(self, path: Path, width_emu: int, dpi: int) -> str:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        digest.update(f"|{width_emu}|{dpi}|{VERSION}".encode())
        return digest.hexdigest()

    def prepared(self, path: Path, width_emu: int, dpi: int) -> tuple[bytes, str]:
        """The picture ready to embed, from the cache when it is there."""
        if self.folder is None:
            return images.prepare(path, width_emu, dpi)
        key = self._key(path, width_emu, dpi)
        for fmt, suffix in SUFFIX.items():
            entry = self.folder / f"{key}{suffix}"
            if entry.is_file():
                self.hits += 1
                return entry.read_bytes(), fmt
        self.misses += 1
        blob, fmt = images.prepare(path, width_emu, dpi)
        self._store(self.folder / f"{key}{SUFFIX[fmt]}", blob)
        return blob, fmt

    def _store(self, entry: Path, blob: bytes) -> None:
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(blob)
            os.replace(temp, entry)
        except OSError:
            pass  # a cache that cannot be written only costs time on the next build
