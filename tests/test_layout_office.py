"""One LibreOffice for all the layout passes of a build, through UNO: the pages it finds are those a
conversion finds; a Python without the bridge still lays out (a conversion a pass) and says so once;
a pass that takes too long ends the office and says which limit it hit."""

from __future__ import annotations

import os
import re
from pathlib import Path

import docx
import pytest
from conftest import no_warnings, require_libreoffice, require_uno, run_cli
from test_contents import school_like
from test_office_process import _alive, offices_seen

from reportgen.layout import office
from reportgen.layout.passes import LayoutUnavailable, measure


def _probed(draft):
    document = docx.Document(draft)
    paragraphs = [p._p for p in document.paragraphs if p.text.strip()]
    return document, paragraphs


def test_one_office_finds_the_pages_a_conversion_finds(school_draft):
    require_uno()
    document, paragraphs = _probed(school_draft)
    with office.session(120) as one:
        assert one.via_uno
        by_uno = measure(document, paragraphs, ends=paragraphs[::7], office=one)
        again = measure(document, paragraphs[:40], office=one)  # a second pass in the same office
    by_conversion = measure(document, paragraphs, ends=paragraphs[::7], office=office.Conversions(120))
    assert by_uno.pages == by_conversion.pages and len(by_uno.pages) == len(paragraphs)
    assert by_uno.tops == by_conversion.tops
    assert by_uno.ends == by_conversion.ends
    assert by_uno.labels == by_conversion.labels and "1" in by_uno.labels
    assert {p: again.page(p) for p in paragraphs[:40]} == {p: by_uno.page(p) for p in paragraphs[:40]}


def test_without_the_bridge_a_build_lays_out_by_conversions_and_says_so_once(tmp_path, monkeypatch):
    require_libreoffice()
    monkeypatch.setattr(office, "uno_bridge", lambda soffice: None)
    project = school_like(tmp_path)
    result = run_cli("build", str(project))
    assert result.exit_code == 0 and no_warnings(result.output), result.output
    assert len(re.findall(r"\[提示\] 排版：.*UNO", result.output)) == 1, result.output
    assert "python3-uno" in result.output
    entries = [p.text for p in docx.Document(project / "output" / "测试报告.docx").paragraphs if "\t" in p.text]
    assert entries and all(re.search(r"\t\d+$", text) for text in entries), entries  # page numbers filled


def test_with_the_bridge_the_build_says_nothing_of_it(tmp_path):
    require_uno()
    result = run_cli("build", str(school_like(tmp_path)))
    assert result.exit_code == 0 and "[提示]" not in result.output, result.output


def test_a_pass_that_takes_too_long_ends_the_office_and_says_why(long_document):
    require_uno()
    document, paragraphs = _probed(long_document)
    with offices_seen() as seen, office.session(3) as one:
        with pytest.raises(LayoutUnavailable, match="LibreOffice 在 3 秒内没有完成排版"):
            measure(document, paragraphs[-3:], office=one)
        assert seen, "the office did not start"
        assert _alive(seen) == set()  # ended before the error reached the caller, not when the session closed
        pipe = Path("/tmp") / f"OSL_PIPE_{os.getuid()}_reportgen-{os.getpid()}-{one._work.name}"
        assert not pipe.exists()  # killed, it could not remove the pipe it listened on: reportgen did
