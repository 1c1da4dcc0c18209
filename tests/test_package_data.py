"""A wheel (what a plain ``pip install .`` installs) carries the bundled corpus, the rules and the
site's assets, and ``redline apply SECMP0049`` works from it outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT


def test_wheel_carries_corpus_rules_and_assets(tmp_path: Path) -> None:
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"),
                            str(ROOT)], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next((tmp_path / "dist").glob("redline-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site-packages")
    for name in ("redline/bundled/rules/SECMP0049.toml", "redline/bundled/corpus/sec-5.18/section-D.txt",
                 "redline/site/assets/site.js", "redline/site/assets/site.css"):
        assert name in names
    assert not any(os.path.islink(tmp_path / "site-packages" / n) for n in names)  # copies, not links
    elsewhere = tmp_path / "elsewhere"  # no corpus/ or rules/ here
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site-packages"), "REDLINE_CACHE": "off"}
    code = ("import redline.bundled, redline.cli; print(redline.bundled.__file__); "
            "redline.cli.main(['apply', 'SECMP0049', '--out', 'out'])")
    run = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(str(tmp_path / "site-packages"))  # the wheel's copy, not the checkout
    assert "46 change(s)" in run.stdout and (elsewhere / "out" / "redline.docx").is_file()
