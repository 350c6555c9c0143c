"""Word fields (SEQ, PAGE, REF): building them and reading them back in document order.

A complex field is a run sequence: fldChar begin, instrText, fldChar separate,
the cached result runs, fldChar end.  reportgen always writes the correct
cached result, because Word and WPS show it until fields are updated.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from lxml import etree

from reportgen.oxml.element import Element


def _run(rpr, child) -> Element:
    run = OxmlElement("w:r")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    run.append(child)
    return run


def _fld_char(kind: str):
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def text_run(text: str, rpr=None):
    t = OxmlElement("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return _run(rpr, t)


def line_break_run():
    """A run holding a line break (Shift+Enter in Word)."""
    return _run(None, OxmlElement("w:br"))


def number_runs(text: str, rpr=None) -> list:
    """`text` as runs in which each "-" is a non-breaking hyphen (`w:noBreakHyphen`), so that a caption
    number ("图1-1") is never split across lines, in Word or LibreOffice."""
    runs = []
    for index, piece in enumerate(text.split("-")):
        if index:
            runs.append(_run(rpr, OxmlElement("w:noBreakHyphen")))
        if piece:
            runs.append(text_run(piece, rpr))
    return runs


def fld_char_run(kind: str, rpr=None):
    """A run holding a field character: "begin", "separate" or "end"."""
    return _run(rpr, _fld_char(kind))


def instruction_run(instruction: str, rpr=None):
    instr = OxmlElement("w:instrText")
    instr.text = f" {instruction.strip()} "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return _run(rpr, instr)


def field_runs(instruction: str, result: str, rpr=None) -> list:
    """The runs of one complex field with `result` as its cached value (a "-" in it never breaks)."""
    return [fld_char_run("begin", rpr), instruction_run(instruction, rpr), fld_char_run("separate", rpr),
            *(number_runs(result, rpr) or [text_run("", rpr)]), fld_char_run("end", rpr)]


@dataclass
class Field:
    instruction: str
    result_runs: list = field(default_factory=list)
    instr_elements: list = field(default_factory=list)
    begin: Element | None = None  # the run holding fldChar begin (a complex field's)
    end: Element | None = None  # the run holding its fldChar end

    @property
    def kind(self) -> str:
        words = self.instruction.split()
        return words[0].upper() if words else ""

    @property
    def argument(self) -> str:
        words = self.instruction.split()
        return words[1] if len(words) > 1 else ""

    @property
    def switches(self) -> set[str]:
        """The instruction's switches, as written: {"\\h", "\\r"}."""
        return {word for word in self.instruction.split() if word.startswith("\\")}

    def set_result(self, text: str) -> None:
        """Make `text` the cached result, keeping the first result run's formatting."""
        texts = [t for run in self.result_runs for t in run.iter(qn("w:t"))]
        if not texts:
            return
        texts[0].text = text
        for extra in texts[1:]:
            extra.text = ""
        for hyphen in [h for run in self.result_runs for h in run.iter(qn("w:noBreakHyphen"))]:
            hyphen.getparent().remove(hyphen)

    def end_bookmark_after(self, start, end=None) -> None:
        """Make the bookmark that `start` (a `w:bookmarkStart` before the field) opens end right after the
        field, holding its result whole: `end` (its `w:bookmarkEnd`, wherever it strayed) moved there, or a
        new one when it is gone."""
        name = start.get(qn("w:id"))
        if end is None:
            end = next((e for e in start.getroottree().iter(qn("w:bookmarkEnd")) if e.get(qn("w:id")) == name), None)
        if end is None:
            end = OxmlElement("w:bookmarkEnd")
            end.set(qn("w:id"), name)
        if self.end is None:  # callers pass complex fields (a caption's SEQ) only
            raise ValueError("end_bookmark_after: a simple field has no end run to end a bookmark after")
        self.end.addnext(end)

    def set_instruction(self, instruction: str) -> None:
        """Rewrite a complex field's instruction (kept in its first instrText)."""
        self.instruction = f" {instruction.strip()} "
        for index, element in enumerate(self.instr_elements):
            element.text = self.instruction if index == 0 else ""


_STYLED_OR_FIELDED = etree.XPath(".//w:p[w:pPr/w:pStyle/@w:val=$style or .//w:fldChar or .//w:fldSimple]",
                                 namespaces={"w": nsmap["w"]})


def styled_or_fielded(root, style_id: str | None) -> list:
    """The paragraphs under `root` in style `style_id` or holding a field, in document order: one XPath
    instead of a visit to every paragraph of every table cell."""
    return _STYLED_OR_FIELDED(root, style=style_id or "")


def iter_fields(root):
    """Every field under `root` in document order (complex and simple, nesting allowed)."""
    stack: list[tuple[Field, bool]] = []  # (field, collecting result)
    for element in root.iter(qn("w:r"), qn("w:fldSimple")):
        if element.tag == qn("w:fldSimple"):
            yield Field(element.get(qn("w:instr"), ""), list(element.iter(qn("w:r"))))
            continue
        if element.getparent() is not None and element.getparent().tag == qn("w:fldSimple"):
            continue
        fld_char = element.find(qn("w:fldChar"))
        if fld_char is not None:
            kind = fld_char.get(qn("w:fldCharType"))
            if kind == "begin":
                stack.append((Field("", begin=element), False))
            elif kind == "separate" and stack:
                stack[-1] = (stack[-1][0], True)
            elif kind == "end" and stack:
                found = stack.pop()[0]
                found.end = element
                yield found
            continue
        if not stack:
            continue
        current, collecting = stack[-1]
        for instr in element.findall(qn("w:instrText")):
            current.instruction += instr.text or ""
            current.instr_elements.append(instr)
        if collecting:
            current.result_runs.append(element)
