"""A cache of prepared pictures, so a rebuild after a text or number change redoes no image work.

Entries are keyed by the picture file's content (its SHA-256, remembered while
the file keeps its size and modification time) and every setting that changes
the result (placed width, dpi, the preparation code's version); a changed photo
or setting simply misses.  Entries are written atomically, so an interrupted
build never leaves a half-written one.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from reportgen import images

VERSION = "1"  # bump when images.prepare changes its output
SUFFIX = {"JPEG": ".jpg", "PNG": ".png"}


class ImageCache:
    def __init__(self, folder: Path | None):
        self.folder = folder
        self._known: dict | None = None  # file identity -> what we learnt about that file
        self._known_changed = False
        self._ready: dict[tuple[Path, int, int], tuple[bytes, str]] = {}

    def _entry(self, path: Path) -> dict:
        """What is known about this file while it keeps its size and modification time."""
        if self._known is None:
            try:
                self._known = json.loads((self.folder / "known.json").read_text(encoding="utf-8"))
            except (OSError, ValueError, TypeError):
                self._known = {}
        stat = path.stat()
        return self._known.setdefault(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{VERSION}", {})

    def info(self, path: Path) -> images.ImageInfo:
        """`images.inspect(path)`, remembered for an unchanged file (checking photos is slow)."""
        if self.folder is None:
            return images.inspect(path)
        entry = self._entry(path)
        if "format" not in entry:
            info = images.inspect(path)  # raises ImageProblem: nothing remembered
            entry.update(width=info.width, height=info.height, format=info.format)
            self._known_changed = True
        return images.ImageInfo(entry["width"], entry["height"], entry["format"])

    def _digest(self, path: Path) -> str:
        entry = self._entry(path) if self.folder is not None else {}
        if "sha256" not in entry:
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
            entry["sha256"] = digest.hexdigest()
            self._known_changed = True
        return entry["sha256"]

    def _key(self, path: Path, width_emu: int, dpi: int) -> str:
        return hashlib.sha256(f"{self._digest(path)}|{width_emu}|{dpi}|{VERSION}".encode()).hexdigest()

    def save(self) -> None:
        """Write what was learnt about the photos, for the next build."""
        if self._known_changed and self.folder is not None:
            self._store(self.folder / "known.json", json.dumps(self._known, ensure_ascii=False).encode())
            self._known_changed = False

    def prepare_all(self, pictures: list[tuple[Path, int]], dpi: int) -> None:
        """Prepare every (path, placed width) the cache lacks, on all processor cores."""
        todo = sorted({item for item in pictures if self._lookup(*item, dpi) is None}, key=str)
        if len(todo) < 2 or (os.cpu_count() or 1) < 2:
            for path, width in todo:
                self.prepared(path, width, dpi)
            return
        with ProcessPoolExecutor(max_workers=min(len(todo), os.cpu_count() or 1)) as pool:
            results = pool.map(images.prepare, [p for p, _ in todo], [w for _, w in todo], [dpi] * len(todo))
            for (path, width), (blob, fmt) in zip(todo, results):
                self._ready[(path, width, dpi)] = (blob, fmt)
                if self.folder is not None:
                    self._store(self.folder / f"{self._key(path, width, dpi)}{SUFFIX[fmt]}", blob)

    def _lookup(self, path: Path, width_emu: int, dpi: int) -> tuple[bytes, str] | None:
        if (path, width_emu, dpi) in self._ready:
            return self._ready[(path, width_emu, dpi)]
        if self.folder is None:
            return None
        key = self._key(path, width_emu, dpi)
        for fmt, suffix in SUFFIX.items():
            entry = self.folder / f"{key}{suffix}"
            if entry.is_file():
                self._ready[(path, width_emu, dpi)] = (entry.read_bytes(), fmt)
                return self._ready[(path, width_emu, dpi)]
        return None

    def prepared(self, path: Path, width_emu: int, dpi: int) -> tuple[bytes, str]:
        """The picture ready to embed, from the cache when it is there."""
        found = self._lookup(path, width_emu, dpi)
        if found is not None:
            return found
        if self.folder is None:
            return images.prepare(path, width_emu, dpi)
        key = self._key(path, width_emu, dpi)
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
