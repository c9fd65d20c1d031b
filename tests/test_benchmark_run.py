"""benchmarks/run.py works end to end: `--quick` prints every kind of figure beside its goal
on tiny sizes (its figures mean nothing, so nothing here is timed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def test_the_benchmark_prints_each_figure_beside_its_goal(tmp_path: Path) -> None:
    if not Path(sys.executable).with_name("iepcheck").exists():
        pytest.skip("no iepcheck command beside this Python (run.py --use-python needs one)")
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--use-python",
         sys.executable, "--workdir", str(tmp_path)],
        capture_output=True, text=True, check=False, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    for figure in ("iepcheck report --format html", "iepcheck timeline", "iepcheck verify",
                   "iepcheck letter meeting-request", "iepcheck bundle -o (zip)",
                   "report LANGUAGE=es / report", "caseload CPU per child (2)",
                   "bundle of 3 originals, peak", "mbox of 50: messages/s", "mbox of 50: peak"):
        assert figure in out, figure
    goals = out.split("\ngoals (")[1].splitlines()[1:]
    assert goals and all(line.rstrip().endswith(("meets", "MISSES", "n/a")) for line in goals)
    assert "error" not in out
