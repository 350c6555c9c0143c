"""The README documents every setting writers can use."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

from reportgen.project.profile import settings

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_readme_settings_table_is_the_profiles():
    """Every row as tools/settings_table.py prints it from the profile: name, meaning, default, range."""
    table = subprocess.run([sys.executable, str(REPO / "tools" / "settings_table.py")], capture_output=True,
                           text=True, check=True).stdout
    rows = table.splitlines()
    assert len(rows) == len(settings()) + 2
    assert [row for row in rows if row not in README] == []
