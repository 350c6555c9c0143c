"""Checks schema validators miss: fields, bookmarks, drawing ids and REF targets.

`find_defects` reads every WordprocessingML part of a saved .docx and returns
a description of each defect found (English, for developers and tests).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from reportgen.oxml.ns import WP, W

STORY_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$")
REF_FIELD = re.compile(r"^\s*(REF|PAGEREF|NOTEREF)\s+(\S+)", re.I)


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _field_defects(name: str, root) -> tuple[list[str], list[str]]:
    """Unbalanced field characters in one part, and the bookmarks REF fields point at."""
    defects: list[str] = []
    targets: list[str] = []
    stack: list[list] = []  # [kind, instruction pieces] per open field
    for element in root.iter(_w("fldChar"), _w("instrText"), _w("fldSimple")):
        if element.tag == _w("fldSimple"):
            match = REF_FIELD.match(element.get(_w("instr"), ""))
            if match:
                targets.append(match.group(2))
            continue
        if element.tag == _w("instrText"):
            if stack:
                stack[-1][1].append(element.text or "")
            continue
        kind = element.get(_w("fldCharType"))
        if kind == "begin":
            stack.append(["begin", []])
        elif kind == "separate":
            if not stack or stack[-1][0] != "begin":
                defects.append(f"{name}: fldChar separate without begin")
            else:
                stack[-1][0] = "separate"
        elif kind == "end":
            if not stack:
                defects.append(f"{name}: fldChar end without begin")
                continue
            match = REF_FIELD.match("".join(stack.pop()[1]))
            if match:
                targets.append(match.group(2))
    for _, instruction in stack:
        defects.append(f"{name}: field begun but never ended")
        match = REF_FIELD.match("".join(instruction))
        if match:
            targets.append(match.group(2))
    return defects, targets


def find_defects(path: Path) -> list[str]:
    defects: list[str] = []
    bookmark_names: dict[str, str] = {}
    starts: dict[str, str] = {}
    ends: dict[str, str] = {}
    drawing_ids: dict[str, str] = {}
    ref_targets: list[tuple[str, str]] = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not STORY_PARTS.match(name):
                continue
            root = etree.fromstring(archive.read(name))
            found, targets = _field_defects(name, root)
            defects += found
            ref_targets += [(name, t) for t in targets]
            for start in root.iter(_w("bookmarkStart")):
                bid, bname = start.get(_w("id")), start.get(_w("name"))
                if bid in starts:
                    defects.append(f"{name}: bookmark id {bid} used twice")
                starts[bid] = name
                if bname in bookmark_names:
                    defects.append(f"{name}: bookmark name {bname!r} used twice")
                bookmark_names[bname] = name
            for end in root.iter(_w("bookmarkEnd")):
                ends[end.get(_w("id"))] = name
            for doc_pr in root.iter(f"{{{WP}}}docPr"):
                did = doc_pr.get("id")
                if did in drawing_ids:
                    defects.append(f"{name}: drawing id {did} used twice")
                drawing_ids[did] = name
    defects += [f"{starts[i]}: bookmark id {i} has no end" for i in starts.keys() - ends.keys()]
    defects += [f"{ends[i]}: bookmark end {i} has no start" for i in ends.keys() - starts.keys()]
    defects += [f"{part}: REF field points at missing bookmark {target!r}"
                for part, target in ref_targets if target not in bookmark_names]
    return defects
