"""Fonts for `reportgen pdf` and `preview`: the official faces where installed, the closest free ones else.

The official faces (仿宋_GB2312, 楷体_GB2312, 黑体, 方正小标宋简体 …) are rarely on a
Linux machine, and LibreOffice's own fallback then sets body text, 黑体
headings and the 小标宋 title all in one sans face — often a Japanese one.
LibreOffice runs with a private fontconfig file instead: each official face
that is not installed is replaced by a free face of its kind (a FangSong
for 仿宋, a Kai for 楷体, a sans for 黑体, a bold Song for 小标宋), and the
command says which.  An installed official face is used as it is.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from html import escape  # xml.sax.saxutils would import urllib
from pathlib import Path

from reportgen.oxml.styles_xml import embolden_styles

# Official face -> free faces of its kind, best first: (family, bold).  Fandol ships with Debian's
# texlive-lang-chinese; LXGW WenKai with fonts-lxgw-wenkai; Noto CJK with fonts-noto-cjk.
FANGSONG = [("FandolFang", False)]
KAI = [("LXGW WenKai", False), ("AR PL UKai CN", False), ("FandolKai", False)]
HEI = [("FandolHei", False), ("Noto Sans CJK SC", False), ("WenQuanYi Zen Hei", False)]
SONG = [("FandolSong", False), ("Noto Serif CJK SC", False), ("AR PL UMing CN", False)]
SUBSTITUTES: dict[str, list[tuple[str, bool]]] = {
    "仿宋_GB2312": FANGSONG, "仿宋": FANGSONG, "FangSong": FANGSONG,
    "楷体_GB2312": KAI, "楷体": KAI, "KaiTi": KAI,
    "黑体": HEI, "SimHei": HEI, "微软雅黑": HEI,
    "宋体": SONG, "SimSun": SONG,
    "方正小标宋简体": [("FandolSong", True), ("Noto Serif CJK SC", True)],
    "Times New Roman": [("Liberation Serif", False), ("DejaVu Serif", False)],
}
# Font folders fontconfig does not search by default.
FANDOL = "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
EXTRA_DIRS = [FANDOL]


@dataclass(frozen=True)
class Substitution:
    official: str
    family: str | None  # None: no face of its kind is installed either
    bold: bool = False

    def __str__(self) -> str:
        if self.family is None:
            return f"{self.official} → （未找到同类字体，由 LibreOffice 自选）"
        return f"{self.official} → {self.family}{' 粗体' if self.bold else ''}"


def _fc_list() -> str | None:
    return shutil.which("fc-list")


@functools.lru_cache(maxsize=8)  # a build asks at every layout pass; fonts are not installed meanwhile
def installed_families(config: Path | None = None) -> frozenset[str]:
    """Every font family name fontconfig knows (with `config`, as it sees our extra folders); none
    where fontconfig is absent."""
    fc_list = _fc_list()
    if fc_list is None:
        return frozenset()
    env = {**os.environ, **({"FONTCONFIG_FILE": str(config)} if config else {})}
    listed = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, env=env, timeout=60).stdout
    return frozenset(name.strip() for line in listed.splitlines() for name in line.split(","))


def document_fonts(docx: Path) -> list[str]:
    """The fonts a draft's font table lists (reportgen writes one entry per font its styles use) and its
    styles name: a draft LibreOffice saved lists only some of them in its font table."""
    found = []
    try:
        with zipfile.ZipFile(docx) as archive:
            for part, pattern in (("word/fontTable.xml", r'<w:font w:name="([^"]+)"'),
                                  ("word/styles.xml", r'w:(?:eastAsia|ascii|hAnsi)="([^"]+)"')):
                if part in archive.namelist():
                    found += re.findall(pattern, archive.read(part).decode("utf-8"))
    except (OSError, zipfile.BadZipFile):
        return []
    return list(dict.fromkeys(found))


def plan(fonts: list[str], families: AbstractSet[str]) -> list[Substitution]:
    """What each official font that is not installed is replaced by."""
    found = []
    for official in fonts:
        if official in families or official not in SUBSTITUTES:
            continue
        family, bold = next(((f, b) for f, b in SUBSTITUTES[official] if f in families), (None, False))
        found.append(Substitution(official, family, bold))
    return found


def _config_xml(substitutions: list[Substitution], folder: Path) -> str:
    """A fontconfig file: our own cache first (so nothing is written elsewhere), the system's settings,
    the extra folders, and the substitutions."""
    rules = [f'<match target="pattern"><test name="family"><string>{escape(item.official, quote=False)}</string></test>'
             f'<edit name="family" mode="assign" binding="strong"><string>{escape(item.family, quote=False)}</string></edit>'
             "</match>" for item in substitutions if item.family is not None]
    dirs = "".join(f"<dir>{escape(d, quote=False)}</dir>" for d in EXTRA_DIRS if Path(d).is_dir())
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>'
            f'<cachedir>{escape(str(folder / "cache"), quote=False)}</cachedir>'
            '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
            f"{dirs}{''.join(rules)}</fontconfig>\n")


def office_copy(docx: Path, target: Path, substitutions: list[Substitution]) -> Path:
    """A copy of `docx` whose styles set bold the text of fonts replaced by a bold face (the 小标宋 title,
    regular in the document, set in a bold Song).  LibreOffice takes the weight from the document,
    whatever face fontconfig names.  A copy even when none is bold: the office locks the file it opens
    (`.~lock.草稿.docx#` beside it), a lock a killed office would leave on the writer's draft."""
    bold = [item.official for item in substitutions if item.bold and item.family]
    if not bold:
        shutil.copyfile(docx, target)
        return target
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as copy:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/styles.xml":
                data = embolden_styles(data, bold)
            copy.writestr(item, data)
    return target


def prepare(folder: Path) -> tuple[dict[str, str], list[Substitution]]:
    """Environment variables that make LibreOffice render with the closest free faces for every official
    font that is not installed, and what those substitutions are.  Every office is set up so, whatever
    the draft: a rule for a font a document does not name changes little, but not nothing (LibreOffice's
    own fallback for a character a face lacks goes through names such as SimSun), and the layout passes
    must see the pages `reportgen pdf` prints; it also lets one office serve every project
    (`kept_office`).  Nothing where fontconfig is absent (Windows, macOS: LibreOffice there uses the
    system's fonts)."""
    if _fc_list() is None:
        return {}, []
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "fonts.conf"
    config.write_text(_config_xml([], folder), encoding="utf-8")
    substitutions = plan(list(SUBSTITUTES), installed_families(config))
    config.write_text(_config_xml(substitutions, folder), encoding="utf-8")
    return {"FONTCONFIG_FILE": str(config)}, substitutions


def used_by(docx: Path, substitutions: list[Substitution]) -> list[Substitution]:
    """Those of `substitutions` whose official font `docx` names, in the document's order."""
    by_official = {item.official: item for item in substitutions}
    return [by_official[font] for font in document_fonts(docx) if font in by_official]
