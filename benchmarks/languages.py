"""Start-up in each language: `iepcheck log --help` and `report` on the example plan, with
LANGUAGE=en and LANGUAGE=es, and optionally a source tree from before (--before SRC, e.g. a
`git archive` of an older commit's src/), each a whole process started fresh, in turn.

usage: python3 benchmarks/languages.py [--runs 15] [--before PATH/TO/src]

Prints the median wall and CPU seconds of each, and each one's ratio to English (or to
--before). The interpreter is this one; the iepcheck is whatever it imports.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {"log --help": ["log", "--help"],
            "report": ["report", "--plan", "plan.toml", "--as-of", "2026-11-20"]}


def run_once(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--before", type=Path, help="an older tree's src/ to compare with")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="iepcheck-languages-"))
    for path in (ROOT / "examples").iterdir():
        (shutil.copytree if path.is_dir() else shutil.copy)(path, work / path.name)
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("PYTHON", "IEPCHECK_", "LC_", "LANG"))}
    base.update({"NO_COLOR": "1", "COLUMNS": "100", "XDG_CONFIG_HOME": str(work / "config")})
    variants = {"en": {**base, "LANGUAGE": "en"}, "es": {**base, "LANGUAGE": "es"}}
    if args.before:
        variants["before, es"] = {**base, "LANGUAGE": "es", "PYTHONPATH": str(args.before)}
    for name, command in COMMANDS.items():
        argv = [sys.executable, "-m", "iepcheck", *command]
        times: dict[str, list[tuple[float, float]]] = {v: [] for v in variants}
        for variant, env in variants.items():  # warm-up: byte-compile, fill caches
            run_once(argv, env, work)
        for _ in range(args.runs):
            for variant, env in variants.items():
                times[variant].append(run_once(argv, env, work))
        reference = "before, es" if args.before else "en"
        ref_cpu = statistics.median(c for _, c in times[reference])
        print(f"iepcheck {name} ({args.runs} runs each, medians)")
        for variant, runs in times.items():
            wall = statistics.median(w for w, _ in runs)
            cpu = statistics.median(c for _, c in runs)
            print(f"  LANGUAGE={variant:<11} wall {wall:6.3f} s   cpu {cpu:6.3f} s   "
                  f"cpu / {reference}: {cpu / ref_cpu:5.2f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
