"""The bundled examples' drafts are valid Office Open XML documents, as real validators judge them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from reportgen.oxml.fields import field_runs
from reportgen.oxml.integrity import find_defects


def _require(module: str):
    """Skip where a validator is not installed, but never in CI (.ci/run installs the test extras)."""
    try:
        __import__(module)
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail(f"CI must install {module} (pip install -e '.[test]')")
        pytest.skip(f"{module} is not installed")


@pytest.fixture(params=["example_draft", "school_draft"])
def draft(request):
    """Each bundled example's draft: the municipal report, and the school report with its 目录,
    landscape page and 续表."""
    return request.getfixturevalue(request.param)


def test_openxml_audit_reports_no_errors(draft):
    _require("openxml_audit")
    result = subprocess.run([sys.executable, "-m", "openxml_audit", "-m", "0", str(draft)],
                            capture_output=True, text=True, timeout=600)
    assert "Errors: 0" in result.stdout, result.stdout + result.stderr


def test_ooxml_integrity_is_clean(draft):
    _require("ooxml_integrity")
    tool = shutil.which("ooxml-integrity") or "ooxml-integrity"
    result = subprocess.run([tool, "check", str(draft)], capture_output=True, text=True, timeout=600)
    assert "0 error(s), 0 warning(s)" in result.stdout, result.stdout + result.stderr


def test_no_legacy_styles_with_effects_part(draft):
    with zipfile.ZipFile(draft) as archive:
        assert not [n for n in archive.namelist() if "stylesWithEffects" in n]


def test_fields_bookmarks_and_drawing_ids_are_sound(draft):
    assert find_defects(draft) == []


def test_integrity_checks_can_fail(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph()
    runs = field_runs("REF 不存在的书签 \\h", "表 9")
    for run in runs[:-1]:  # drop fldChar end: an unbalanced field
        paragraph._p.append(run)
    for _ in range(2):  # the same bookmark twice, never closed
        paragraph._p.append(parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="7" w:name="_Ref1"/>'))
    path = tmp_path / "broken.docx"
    document.save(path)
    defects = find_defects(path)
    assert any("never ended" in d for d in defects)
    assert any("missing bookmark" in d for d in defects)
    assert any("id 7 used twice" in d for d in defects) and any("has no end" in d for d in defects)
