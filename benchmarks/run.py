"""Time iepcheck as a user runs it, beside the tools people already use for dated logs.

Each figure is a whole process, started fresh for every run: wall time from just before the
start to the moment it is reaped, and peak memory (max RSS) from the kernel's accounting of
that one child (`os.wait4`). Commands run in turn within a round (A B C … A B C …), so a
machine that speeds up or slows down affects them all alike; ratios are the median of the
round-by-round ratios. Only the standard library and iepcheck itself are used.

usage: python benchmarks/run.py [--sizes 1000,10000,100000] [--runs 5] [--peers]
See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import GENERATOR_VERSION, write_data

AS_OF = "2027-06-18"
PEER_DATA_SCRIPT = ROOT.parent / "shared" / "bench" / "make_peer_data.py"
PEER_SPAN = ("2025-08-18", "2026-07-01")  # make_peer_data.py's entries fall in this span
# The goals of issue 6: (numerator, denominator, size or None for every size, at most).
GOALS = [("report", "watson", 1000, 1.2), ("report", "watson", 10000, 0.75),
         ("report", "watson", 100000, 0.5), ("log", "report", 10000, 1.2)]
HELP_GOAL_S = 0.15
MEMORY_GOAL_MIB = 150
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


@dataclass
class Job:
    """One command to time on one data set; `prepare` runs untimed before each run."""

    name: str
    label: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    cwd: Path | None = None
    prepare: Callable[[], None] | None = None
    walls: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    status: str = "ok"


def run_once(job: Job) -> tuple[float, float, int, bytes]:
    """(wall seconds, peak MiB, exit code, stderr) of one fresh process.

    Peak memory comes from GNU time when it is installed: a child forked straight from
    this (large) Python process would report this process's size as its own peak.
    """
    if job.prepare is not None:
        job.prepare()
    env = {**os.environ, **job.env}
    with tempfile.NamedTemporaryFile() as peak, tempfile.TemporaryFile() as out, \
            tempfile.TemporaryFile() as err:
        argv = ([GNU_TIME, "-f", "%M", "-o", peak.name, *job.argv] if GNU_TIME
                else job.argv)
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                 env=env, cwd=job.cwd)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        kib = int(peak.read().split()[-1]) if GNU_TIME else usage.ru_maxrss
        err.seek(0)
        return wall, kib / 1024, child.returncode, err.read()


def iepcheck_argv(given: str | None) -> list[str]:
    if given:
        return given.split()
    script = Path(sys.executable).parent / "iepcheck"
    return [str(script)] if script.exists() else [sys.executable, "-m", "iepcheck"]


def has_command(iepcheck: list[str], command: str) -> bool:
    done = subprocess.run([*iepcheck, command, "--help"], capture_output=True, check=False)
    return done.returncode == 0


def make_data(size: int, work: Path) -> Path:
    """The plan and log for `size`, reused when an earlier run made the same ones."""
    folder = work / f"iepcheck-{size}"
    stamp = folder / "generated.json"
    want = {"size": size, "generator": GENERATOR_VERSION}
    if not (stamp.exists() and json.loads(stamp.read_text()) == want):
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        write_data(size, folder)
        stamp.write_text(json.dumps(want))
        print(f"  made {size:,} observations in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
    return folder


def restorer(folder: Path, log: Path, pristine: bytes) -> Callable[[], None]:
    """Put the log back as generated and drop backups, so every `log` run does the same work
    (including the day's first backup, the costlier case)."""
    def restore() -> None:
        log.write_bytes(pristine)
        log.chmod(0o600)
        for backup in folder.glob("plan.log.json.*.bak"):
            backup.unlink()
    return restore


def iepcheck_jobs(iepcheck: list[str], folder: Path) -> list[Job]:
    plan, log = folder / "plan.toml", folder / "plan.log.json"
    files = ["--plan", str(plan), "--log", str(log)]
    run_dir = folder / "append"
    run_dir.mkdir(exist_ok=True)
    run_log = run_dir / "plan.log.json"
    append = restorer(run_dir, run_log, log.read_bytes())
    common = {"NO_COLOR": "1", "COLUMNS": "100"}
    return [
        Job("report", "iepcheck report --format json",
            [*iepcheck, "report", "--format", "json", "--as-of", AS_OF, *files], common),
        Job("due", "iepcheck due", [*iepcheck, "due", "--as-of", AS_OF, *files], common),
        Job("log", "iepcheck log (one append)",
            [*iepcheck, "log", "speech", "--kind", "service-log", "--minutes", "30",
             "--who", "mr-ortiz", "--note", "Session held", "--as-of", AS_OF,
             "--plan", str(plan), "--log", str(run_log)], common, prepare=append),
    ]


def peer_jobs(size: int, work: Path, bin_dir: Path | None, script: Path) -> list[Job]:
    folder = work / f"peers-{size}"
    if not (folder / "journal.txt").exists():
        subprocess.run([sys.executable, str(script), str(size), str(folder)], check=True)

    def tool(name: str) -> str | None:
        found = bin_dir / name if bin_dir and (bin_dir / name).exists() else None
        return str(found) if found else shutil.which(name)
    first, last = PEER_SPAN
    peers = [
        ("watson", "watson report (whole year)", tool("watson"),
         ["report", "--from", first, "--to", last], {"WATSON_DIR": str(folder / "watson")}),
        ("jrnl", "jrnl --tags", tool("jrnl"),
         ["--config-file", str(folder / "jrnl.yaml"), "--tags"], {}),
        ("timew", "timew summary (whole year)", tool("timew"),
         ["summary", first, "-", last], {"TIMEWARRIORDB": str(folder / "timew")}),
    ]
    jobs = []
    for name, label, program, args, env in peers:
        job = Job(name, label, [program or name, *args], {**env, "HOME": str(folder)})
        job.status = "ok" if program else "missing"
        jobs.append(job)
    return jobs


def time_jobs(jobs: list[Job], runs: int) -> None:
    """One warm-up each, then `runs` rounds, the jobs in turn within each round."""
    live = [j for j in jobs if j.status == "ok"]
    for job in live:
        _, _, code, err = run_once(job)
        if code not in (0, 1):
            job.status = f"error {code}: {err.decode(errors='replace').strip()[:60]}"
    live = [j for j in live if j.status == "ok"]
    for _ in range(runs):
        for job in live:
            wall, peak, _, _ = run_once(job)
            job.walls.append(wall)
            job.peaks.append(peak)


def median_ratio(a: Job, b: Job) -> float | None:
    if not (a.walls and b.walls):
        return None
    return statistics.median(x / y for x, y in zip(a.walls, b.walls))


def print_table(size: int | None, jobs: list[Job]) -> None:
    print(f"\n{'size':>8}  {'command':<32} {'runs':>4} {'median s':>9} {'min s':>7} "
          f"{'max s':>7} {'peak MiB':>9}")
    for job in jobs:
        where = f"{size:,}" if size else "-"
        if not job.walls:
            print(f"{where:>8}  {job.label:<32} {job.status}")
            continue
        print(f"{where:>8}  {job.label:<32} {len(job.walls):>4} "
              f"{statistics.median(job.walls):>9.3f} {min(job.walls):>7.3f} "
              f"{max(job.walls):>7.3f} {max(job.peaks):>9.1f}")


def print_ratios(size: int, jobs: list[Job]) -> None:
    by_name = {j.name: j for j in jobs}
    report = by_name.get("report")
    pairs = [("report", p) for p in ("watson", "jrnl", "timew")] + [("log", "report"),
                                                                   ("due", "report")]
    for top, bottom in pairs:
        ratio = median_ratio(by_name[top], by_name[bottom]) if (
            top in by_name and bottom in by_name) else None
        goal = next((g[3] for g in GOALS if g[:3] == (top, bottom, size)), None)
        text = f"{ratio:.2f}" if ratio is not None else "n/a (missing)"
        wanted = f"  (goal <= {goal})" if goal is not None else ""
        verdict = "" if ratio is None or goal is None else (
            "  meets" if ratio <= goal else "  misses")
        print(f"{'':>8}  {top + '/' + bottom:<32} ratio {text}{wanted}{verdict}")
    if report and report.peaks and size >= 100000:
        peak = max(report.peaks)
        verdict = "meets" if peak <= MEMORY_GOAL_MIB else "misses"
        print(f"{'':>8}  report peak memory {peak:.1f} MiB  (goal <= {MEMORY_GOAL_MIB}) {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="observations per log, comma-separated [%(default)s]")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each [%(default)s]")
    parser.add_argument("--peers", action="store_true",
                        help="also time watson, jrnl and timew on equivalent data")
    parser.add_argument("--peer-bin", type=Path,
                        help="folder holding the peers' commands (e.g. a venv's bin/) "
                             "[default: PATH]")
    parser.add_argument("--peer-data-script", type=Path, default=PEER_DATA_SCRIPT,
                        help="make_peer_data.py [%(default)s]")
    parser.add_argument("--workdir", type=Path, default=HERE / "out",
                        help="where the data sets are made and kept [%(default)s]")
    parser.add_argument("--skip", default="",
                        help="commands not to time, comma-separated: report, due, log, help, "
                             "watson, jrnl, timew (jrnl takes minutes a run on 100,000)")
    parser.add_argument("--iepcheck", help="the command to time [default: this Python's "
                        "iepcheck script]")
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    iepcheck = iepcheck_argv(args.iepcheck)
    skip = set(filter(None, args.skip.split(",")))
    args.workdir.mkdir(parents=True, exist_ok=True)
    present = {c: has_command(iepcheck, c) for c in ("report", "due", "log")}
    print(f"iepcheck: {' '.join(iepcheck)}  python {sys.version.split()[0]}  "
          f"cpus {os.cpu_count()}  runs {args.runs} (+1 warm-up)  as-of {AS_OF}")
    help_job = Job("help", "iepcheck --help", [*iepcheck, "--help"])
    if "help" in skip:
        help_job.status = "skipped (--skip)"
    time_jobs([help_job], args.runs)
    print_table(None, [help_job])
    if help_job.walls:
        verdict = "meets" if statistics.median(help_job.walls) <= HELP_GOAL_S else "misses"
        print(f"{'':>8}  --help median  (goal <= {HELP_GOAL_S} s) {verdict}")
    for size in sizes:
        folder = make_data(size, args.workdir)
        jobs = iepcheck_jobs(iepcheck, folder)
        for job in jobs:
            if not present[job.name]:
                job.status = "missing (no such command yet)"
        if args.peers:
            if args.peer_data_script.exists():
                jobs += peer_jobs(size, args.workdir, args.peer_bin, args.peer_data_script)
            else:
                print(f"no {args.peer_data_script}: peers skipped", file=sys.stderr)
        for job in jobs:
            if job.name in skip:
                job.status = "skipped (--skip)"
        time_jobs(jobs, args.runs)
        print_table(size, jobs)
        print_ratios(size, jobs)


if __name__ == "__main__":
    main()
