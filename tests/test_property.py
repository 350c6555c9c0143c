"""Random text and numbers in the workbook never produce a traceback or a broken draft."""

from __future__ import annotations

import tempfile
from pathlib import Path

import docx
from conftest import make_project, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Text openpyxl can store (it refuses most C0 control characters) and anything else.
cell_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x01\x02\x03\x04"
                                  "\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
                                  "\x19\x1a\x1b\x1c\x1d\x1e\x1f"), max_size=40)
cell_value = st.one_of(cell_text, st.integers(-10**12, 10**12),
                       st.floats(allow_nan=False, allow_infinity=False, width=32), st.none())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=cell_value, total=cell_value, title=cell_text, cell=cell_value, unit=cell_text)
def test_random_cells_never_crash(value, total, title, cell, unit):
    with tempfile.TemporaryDirectory() as folder:
        make_project(
            Path(folder),
            indicators=[("学校总数", value, unit, ""), ("毕业生数", total, "人", ""), ("就业人数", 2928, "人", "")],
            tables=[("学校情况", "表1", title, 2, unit, title)],
            extra_sheets={"表1": ([["类别", "合计", "办学性质", None], [None, None, "公办", "民办"],
                                   [cell, value, title, 7]], ["A1:A2", "B1:B2", "C1:D1"])},
        )
        result = run_cli("build", folder)
        draft = Path(folder) / "output" / "测试报告.docx"
        assert "Traceback" not in result.output
        if result.exit_code == 0:
            document = docx.Document(draft)  # opens again: not broken
            assert document.tables and len(document.tables[0].rows) == 3
        else:
            assert result.exit_code == 1 and "[错误]" in result.output
            assert not draft.exists()
