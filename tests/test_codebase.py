"""Rules the codebase keeps, checked on the code itself."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import sys
from pathlib import Path

import pytest

import reportgen
from reportgen import cli
from reportgen.problems import ReportgenError


def _modules():
    for info in pkgutil.walk_packages(reportgen.__path__, "reportgen."):
        if not info.name.endswith("__main__"):  # it runs the command
            yield importlib.import_module(info.name)


def test_every_error_of_reportgen_is_a_reportgen_error():
    """The CLI tells reportgen's own errors (a message for the writer) from bugs by this base."""
    own = [(module.__name__, name) for module in _modules() for name, value in vars(module).items()
           if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == module.__name__
           and not issubclass(value, ReportgenError)]
    assert own == []


def test_an_error_of_ours_no_command_caught_is_told_as_such_not_as_a_bug(monkeypatch, capsys):
    from reportgen.layout.office import OfficeError

    def fails(*args, **kwargs):
        raise OfficeError("LibreOffice 启动后立即退出了")
    monkeypatch.setattr(cli, "load_project", fails)
    monkeypatch.setattr(sys, "argv", ["reportgen", "build"])
    monkeypatch.delenv("REPORTGEN_DEBUG", raising=False)
    with pytest.raises(SystemExit) as end:
        cli.run()
    assert end.value.code == 1
    error = capsys.readouterr().err
    assert "reportgen 未能完成：LibreOffice 启动后立即退出了" in error and "内部错误" not in error, error


# python-docx's element makers and finders, and a WordprocessingML, DrawingML or Office namespace spelled out
# (`oxml/ns.py` names them; data/xlsx.py reads SpreadsheetML, which is not Word's).
RAW_OOXML = re.compile(r"\bqn\(|\.xpath\(|\bnsdecls\(|\bOxmlElement\(|\bparse_xml\("
                       r"|schemas\.openxmlformats\.org/(?:wordprocessingml|drawingml|package/2006/metadata)"
                       r"|schemas\.microsoft\.com/office|schemas-microsoft-com")
def test_raw_wordprocessingml_stays_in_oxml():
    """Elements are made, found and edited by the helpers in reportgen/oxml/, which keep schema order and
    the vocabulary in one place; the stages above use those helpers."""
    package = Path(reportgen.__file__).parent
    found = {}
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).as_posix()
        calls = len(RAW_OOXML.findall(path.read_text(encoding="utf-8")))
        if calls and not relative.startswith("oxml/"):
            found[relative] = calls
    assert found == {}
