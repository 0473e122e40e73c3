"""The README's commands are the ones that work on a fresh clone: every `bin/...` it names
exists and runs, and it never tells a reader to run a bare `python server.py` (which fails
outside ./.venv)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_every_script_the_readme_names_exists_and_is_executable() -> None:
    named = set(re.findall(r"(?<![\w./])bin/([a-z-]+)", README))
    assert {"serve", "test", "edugraph", "lock", "install"} <= named
    for name in named:
        script = ROOT / "bin" / name
        assert script.is_file() and os.access(script, os.X_OK), name


def test_no_bare_python_commands() -> None:
    bare = [
        line.strip()
        for line in README.splitlines()
        if re.search(r"(?:^|[`\s])python3? server\.py", line)
    ]
    assert bare == []


def test_bin_edugraph_runs_the_command_line_from_another_folder(tmp_path: Path) -> None:
    # installed already (this suite runs in ./.venv), so this only runs server.py
    result = subprocess.run(
        [str(ROOT / "bin" / "edugraph"), "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "seed-demo" in result.stdout and "create-user" in result.stdout
