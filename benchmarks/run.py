"""Time iepcheck as a user runs it, beside the tools people already use for dated logs.

iepcheck is installed the way a user installs it: a normal (not editable) `pip install` of a
copy of the repo into a fresh, temporary virtualenv, byte-compiled once, untimed. Every
timed command runs with your environment less the interpreter settings a user's shell does
not have (PYTHON*: PYTHONDONTWRITEBYTECODE, for one, would make Python recompile every module
it has no cached bytecode for on every run) and less IEPCHECK_* (which would point the
commands at another plan). The header says exactly what was installed and dropped.

Each figure is a whole process, started fresh for every run, its output drained through a
pipe: wall time from just before the start to the moment it is reaped, and peak memory (max
RSS) of that one process. Commands run in turn within a round (A B C … A B C …), so a machine
that speeds up or slows down affects them all alike; ratios are the median of the
round-by-round ratios.

usage: python3 benchmarks/run.py [--repo PATH] [--sizes 1000,10000,100000] [--runs 5]
                                 [--peer-data SCRIPT] [--import-mbox] [--caseload]
See benchmarks/README.md. Only the standard library is needed to run it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GENERATE = HERE / "generate.py"
sys.path.insert(0, str(HERE))

from generate import GENERATOR_VERSION, MBOX_VERSION, RECORD_UNTIL, write_mbox  # stdlib only

AS_OF = "2027-06-18"
PEER_SPAN = ("2025-08-18", "2026-07-01")  # the peer data script's entries fall in this span
PEER_PACKAGES = {"watson": "td-watson", "jrnl": "jrnl"}  # pip packages; timew is apt's
MBOX_MESSAGES = 5000
CASELOAD_PLANS, CASELOAD_ENTRIES = 1000, 1000
YEAR_OF_MAIL = 20000  # messages in `--mail`'s mbox (benchmarks/year_of_mail.py)
BUNDLE_ORIGINALS, BUNDLE_KIB = 500, 200  # `--bundle`: originals of this size, 1,000 entries

#: The goals: these iepcheck commands, over Watson's `report` on the same number of
#: entries, at most this ratio (COMMAND_RATIO_GOALS for one command at one size); `--help`
#: at most HELP_GOAL_S seconds; each of MEMORY_COMMANDS on 100,000 entries at most
#: MEMORY_GOAL_MIB of peak memory; the HTML report with its charts on 1,000 entries at most
#: HTML_GOAL_S; `caseload` at most CASELOAD_GOAL_MS of CPU per child of 1,000 entries.
RATIO_GOALS = {1000: 1.3, 3000: 1.0, 10000: 0.65, 100000: 0.3}
GOAL_COMMANDS = ("report", "due", "log", "status")
COMMAND_RATIO_GOALS = {("due", 1000): 1.6, ("timeline", 10000): 1.0}
HELP_GOAL_S = 0.08
MEMORY_GOAL_SIZE, MEMORY_GOAL_MIB = 100000, 110
MEMORY_COMMANDS = (*GOAL_COMMANDS, "verify", "timeline", "history", "letter", "bundle",
                   "caseload")
HTML_GOAL_SIZE, HTML_GOAL_S = 1000, 0.5
CASELOAD_GOAL_MS = 8.0

#: Variables a user's shell does not set that change what is measured.
DROPPED_PREFIXES = ("PYTHON", "IEPCHECK_")
ISOLATED_ENV = {"NO_COLOR": "1", "COLUMNS": "100"}  # same output however the run is started
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


@dataclass
class Job:
    """One command to time; `prepare` runs untimed before each run (warm-up included)."""

    name: str
    label: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    cwd: Path | None = None
    prepare: Callable[[], None] | None = None
    walls: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)  # user + system seconds
    lines: int = 0  # lines of output of the last run: a command that printed nothing shows
    status: str = "ok"


@dataclass
class Verdict:
    """One goal, its figure and whether the figure meets it; collected for the summary."""

    what: str
    figure: str
    goal: str
    meets: bool | None  # None: could not be measured

    def text(self) -> str:
        word = "n/a" if self.meets is None else ("meets" if self.meets else "MISSES")
        return f"{self.what:<34} {self.figure:<28} goal {self.goal:<14} {word}"


# ---------------------------------------------------------------------------- environment


def user_environment() -> tuple[dict[str, str], list[str]]:
    """This process's environment less the variables that would make the measurement differ
    from a user's run; and the dropped ones, as NAME=value, to print."""
    kept, dropped = {}, []
    for name, value in sorted(os.environ.items()):
        if name.startswith(DROPPED_PREFIXES):
            dropped.append(f"{name}={value}")
        else:
            kept[name] = value
    return kept, dropped


def run_quiet(argv: list[str], env: dict[str, str], what: str,
              cwd: Path | None = None) -> str:
    """Run an untimed set-up step; on failure print its output and stop."""
    done = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{what} failed ({' '.join(argv)}):\n{done.stdout}{done.stderr}")
    return done.stdout


# ---------------------------------------------------------------------------- installation


@dataclass
class Install:
    """The temporary virtualenv iepcheck (and the Python peers) were installed into."""

    root: Path
    notes: list[str]

    @property
    def bin(self) -> Path:
        return self.root / "bin"

    @property
    def python(self) -> str:
        return str(self.bin / "python")


def repo_files(repo: Path) -> list[str] | None:
    """Tracked and untracked-but-not-ignored files: what the repo holds, without the build
    leftovers, caches and data sets that .gitignore keeps out. None outside git."""
    done = subprocess.run(["git", "-C", str(repo), "ls-files", "-z", "--cached", "--others",
                           "--exclude-standard"], capture_output=True, check=False)
    if done.returncode != 0:
        return None
    return [name for name in done.stdout.decode().split("\0") if name]


def describe_repo(repo: Path) -> str:
    head = subprocess.run(["git", "-C", str(repo), "log", "-1", "--format=%h"],
                          capture_output=True, text=True, check=False)
    if head.returncode != 0:
        return f"{repo} (not a git checkout)"
    dirty = subprocess.run(["git", "-C", str(repo), "status", "--porcelain"],
                           capture_output=True, text=True, check=False).stdout.strip()
    state = "with uncommitted changes" if dirty else "clean"
    return f"{repo} at commit {head.stdout.strip()} ({state})"


def copy_repo(repo: Path, dest: Path, rev: str | None) -> str:
    """A copy to build from (pip builds in the source folder, and the repo is not ours to
    leave build/ and *.egg-info in): commit `rev` as `git archive` gives it, or else the
    work tree as it is. Returns how it was copied, for the header."""
    if rev is not None:
        dest.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", rev],
                                 capture_output=True, check=False)
        if archive.returncode != 0:
            sys.exit(f"--rev {rev}: git archive failed: {archive.stderr.decode().strip()}")
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
        sha = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", rev],
                             capture_output=True, text=True, check=False).stdout.strip()
        return f"{repo} at commit {sha} (--rev {rev}; uncommitted changes left out): " \
               "`git archive` of it"
    names = repo_files(repo)
    if names is None:
        shutil.copytree(repo, dest, ignore=shutil.ignore_patterns(
            ".git", "build", "dist", "*.egg-info", "__pycache__", "out", ".venv"))
        return f"{repo}: copied (not a git checkout)"
    for name in names:
        source = repo / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return f"{describe_repo(repo)}: its files copied (git ls-files)"


def installed_versions(install: Install, env: dict[str, str]) -> dict[str, str]:
    out = run_quiet([install.python, "-m", "pip", "list", "--format=json"], env, "pip list")
    return {p["name"].lower(): p["version"] for p in json.loads(out)}


def install_all(repo: Path, rev: str | None, scratch: Path, env: dict[str, str],
                peers: list[str]) -> Install:
    """A fresh venv, `pip install <copy of repo>` (not editable), the Python peers after it,
    then one untimed byte-compile of everything installed."""
    install = Install(scratch / "venv", [])
    source = scratch / "source"
    copied = copy_repo(repo, source, rev)
    run_quiet([sys.executable, "-m", "venv", str(install.root)], env, "python -m venv")
    pip = [install.python, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    run_quiet([*pip, str(source)], env, "pip install iepcheck")
    ours = installed_versions(install, env)
    install.notes.append(
        f"iepcheck {ours.get('iepcheck', '?')} from {copied}, and installed with "
        f"`pip install <copy>` (not editable) into a fresh venv {install.root} "
        f"(python {sys.version.split()[0]})")
    if peers:
        packages = [PEER_PACKAGES[p] for p in peers]
        run_quiet([*pip, *packages], env, "pip install " + " ".join(packages))
        after = installed_versions(install, env)
        install.notes.append("peers installed with `pip install " + " ".join(packages)
                             + "` into the same venv: " + ", ".join(
                                 f"{p} {after.get(p, '?')}" for p in packages))
        changed = [f"{name} {ours[name]} -> {after.get(name, 'removed')}"
                   for name in sorted(ours) if after.get(name) != ours[name]]
        if changed:
            install.notes.append("the peers changed iepcheck's dependencies: "
                                 + ", ".join(changed))
    site = run_quiet([install.python, "-c",
                      "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     env, "sysconfig").strip()
    run_quiet([install.python, "-m", "compileall", "-q", "-j", "0", site], env, "compileall")
    install.notes.append(f"byte-compiled once after install, untimed: "
                         f"python -m compileall {site}")
    return install


# ---------------------------------------------------------------------------- timing


def run_once(job: Job, env: dict[str, str]) -> tuple[float, float, int, bytes, float]:
    """(wall seconds, peak MiB, exit code, stderr, CPU seconds) of one fresh process, its
    output drained through a pipe as a pager or another command would.

    Peak memory comes from GNU time when it is installed: a child forked straight from
    this (large) Python process would report this process's size as its own peak.
    """
    if job.prepare is not None:
        job.prepare()
    with tempfile.NamedTemporaryFile() as peak, tempfile.TemporaryFile() as err:
        argv = ([GNU_TIME, "-f", "%M", "-o", peak.name, *job.argv] if GNU_TIME
                else job.argv)
        lines = 0
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=err, env={**env, **job.env}, cwd=job.cwd)
        assert child.stdout is not None
        while chunk := os.read(child.stdout.fileno(), 1 << 16):
            lines += chunk.count(b"\n")
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = code = os.waitstatus_to_exitcode(status)
        child.stdout.close()
        job.lines = lines
        kib = int(peak.read().split()[-1]) if GNU_TIME else usage.ru_maxrss
        err.seek(0)
        return wall, kib / 1024, code, err.read(), usage.ru_utime + usage.ru_stime


def time_jobs(jobs: list[Job], runs: int, env: dict[str, str]) -> None:
    """One warm-up each (it also writes any bytecode still missing), then `runs` rounds,
    the jobs in turn within each round."""
    live = [j for j in jobs if j.status == "ok"]
    for job in live:
        _, _, code, err, _ = run_once(job, env)
        if code not in (0, 1):
            job.status = f"error {code}: {err.decode(errors='replace').strip()[-70:]}"
    live = [j for j in live if j.status == "ok"]
    for _ in range(runs):
        for job in live:
            wall, peak, _, _, cpu = run_once(job, env)
            job.walls.append(wall)
            job.peaks.append(peak)
            job.cpus.append(cpu)


def median(job: Job | None) -> float | None:
    return statistics.median(job.walls) if job and job.walls else None


def median_ratio(a: Job | None, b: Job | None) -> float | None:
    if not (a and b and a.walls and b.walls):
        return None
    return statistics.median(x / y for x, y in zip(a.walls, b.walls))


# ---------------------------------------------------------------------------- data


def make_data(python: str, size: int, work: Path, env: dict[str, str]) -> Path:
    """The plan and log for `size`, made by generate.py with the iepcheck under test;
    reused when an earlier run made the same ones."""
    folder = work / f"iepcheck-{size}"
    stamp = folder / "generated.json"
    want = {"size": size, "generator": GENERATOR_VERSION}
    if not (stamp.exists() and json.loads(stamp.read_text()) == want):
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        run_quiet([python, str(GENERATE), str(size), str(folder)], env, "generate.py")
        stamp.write_text(json.dumps(want))
        print(f"  made {size:,} observations in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
    return folder


def make_mbox(work: Path) -> Path:
    path = work / f"mail-{MBOX_MESSAGES}-v{MBOX_VERSION}.mbox"
    if not path.exists():
        write_mbox(MBOX_MESSAGES, path)
    return path


def snapshot_restorer(snapshot: Path, run_dir: Path) -> Callable[[], None]:
    """Put `run_dir` back exactly as `snapshot` (log, evidence folder; no backups, no lock),
    so every run does the same work, including the day's first backup, the costlier case."""
    def restore() -> None:
        shutil.rmtree(run_dir, ignore_errors=True)
        shutil.copytree(snapshot, run_dir)
    return restore


#: The start-up every typer and pydantic command pays before it does anything of its own:
#: the interpreter and the libraries iepcheck is built on, imported, then a fast exit as
#: `iepcheck` leaves. Printed beside Watson so the distance to a goal can be read as the
#: floor plus iepcheck's own part.
FLOOR_CODE = ("import iepcheck, typer.main, pydantic.main, pydantic.fields, "
              "pydantic.dataclasses, os; os._exit(0)")


def iepcheck_jobs(iepcheck: str, folder: Path, python: str) -> list[Job]:
    plan, log = folder / "plan.toml", folder / "plan.log.json"
    files = ["--plan", str(plan), "--log", str(log)]
    pristine = folder / "pristine"
    if not pristine.exists():
        pristine.mkdir()
        shutil.copy2(log, pristine / "plan.log.json")
    run_dir = folder / "append"
    return [
        Job("report", "iepcheck report --format json",
            [iepcheck, "report", "--format", "json", "--as-of", AS_OF, *files], ISOLATED_ENV),
        Job("due", "iepcheck due", [iepcheck, "due", "--as-of", AS_OF, *files], ISOLATED_ENV),
        Job("log", "iepcheck log (one append)",
            [iepcheck, "log", "speech", "--kind", "service-log", "--minutes", "30",
             "--who", "mr-ortiz", "--note", "Session held", "--as-of", AS_OF,
             "--date", RECORD_UNTIL.isoformat(),
             "--plan", str(plan), "--log", str(run_dir / "plan.log.json")], ISOLATED_ENV,
            prepare=snapshot_restorer(pristine, run_dir)),
        Job("status", "iepcheck (bare, in plan's folder)", [iepcheck], ISOLATED_ENV,
            cwd=folder),
        Job("history", "iepcheck history | (pipe)",
            [iepcheck, "history", "--as-of", AS_OF, *files], ISOLATED_ENV),
        Job("floor", "floor: python+typer+pydantic", [python, "-c", FLOOR_CODE],
            ISOLATED_ENV),
        Job("report-es", "iepcheck report (LANGUAGE=es)",
            [iepcheck, "report", "--format", "json", "--as-of", AS_OF, *files],
            {**ISOLATED_ENV, "LANGUAGE": "es"}),
        Job("html", "iepcheck report --format html",
            [iepcheck, "report", "--format", "html", "--as-of", AS_OF, *files], ISOLATED_ENV),
        Job("timeline", "iepcheck timeline | (pipe)",
            [iepcheck, "timeline", "--as-of", AS_OF, *files], ISOLATED_ENV),
        Job("verify", "iepcheck verify", [iepcheck, "verify", *files], ISOLATED_ENV),
        Job("letter", "iepcheck letter meeting-request",
            [iepcheck, "letter", "meeting-request", "--as-of", AS_OF, *files], ISOLATED_ENV),
        Job("bundle", "iepcheck bundle -o (zip)",
            [iepcheck, "bundle", "-o", str(scratch_folder(folder, "bundle") / "b.zip"),
             "--as-of", AS_OF, *files], ISOLATED_ENV),
        Job("caseload", "iepcheck caseload (this one child)",
            [iepcheck, "caseload", str(one_child(folder)), "--as-of", AS_OF], ISOLATED_ENV),
    ]


def scratch_folder(folder: Path, name: str) -> Path:
    made = folder / name
    made.mkdir(exist_ok=True)
    return made


def one_child(folder: Path, into: Path | None = None) -> Path:
    """A caseload folder holding this data set's plan and log (hard links where the file
    system allows: a thousand children cost no disk)."""
    into = into or folder / "caseload"
    child = into / "child"
    child.mkdir(parents=True, exist_ok=True)
    for name in ("plan.toml", "plan.log.json"):
        if not (child / name).exists():
            try:
                os.link(folder / name, child / name)
            except OSError:
                shutil.copy2(folder / name, child / name)
    return into


def import_jobs(iepcheck: str, folder: Path, mbox: Path, env: dict[str, str]) -> list[Job]:
    """`import-email` of the mbox into a copy of the log (all new), and again into a copy
    that already holds it (all duplicates); each copy is restored before every run."""
    plan = folder / "plan.toml"
    base = folder / "import-base"
    if not base.exists():
        base.mkdir()
        shutil.copy2(folder / "plan.log.json", base / "plan.log.json")
        shutil.copytree(folder / "plan.evidence", base / "plan.evidence")

    def argv(run_dir: Path) -> list[str]:
        return [iepcheck, "import-email", str(mbox), "--as-of", AS_OF, "--plan", str(plan),
                "--log", str(run_dir / "plan.log.json")]
    done = folder / f"import-done-{mbox.stem}"
    if not done.exists():
        started = time.perf_counter()
        shutil.copytree(base, done)
        run_quiet(argv(done), {**env, **ISOLATED_ENV}, "the untimed first import")
        for leftover in done.glob("plan.log.json.*"):  # backups, lock: not part of a log
            leftover.unlink()
        print(f"  imported the mbox once, untimed, for the re-import "
              f"({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    fresh, again = folder / "import-run", folder / "reimport-run"
    return [
        Job("import", f"import-email ({MBOX_MESSAGES:,} new)", argv(fresh), ISOLATED_ENV,
            prepare=snapshot_restorer(base, fresh)),
        Job("reimport", "import-email again (all dupes)", argv(again), ISOLATED_ENV,
            prepare=snapshot_restorer(done, again)),
    ]


def peer_jobs(size: int, work: Path, install: Install, script: Path,
              env: dict[str, str]) -> list[Job]:
    folder = work / f"peers-{size}"
    if not (folder / "journal.txt").exists():
        run_quiet([sys.executable, str(script), str(size), str(folder)], env, str(script))

    def tool(name: str) -> str | None:
        found = install.bin / name
        return str(found) if found.exists() else shutil.which(name, path=env.get("PATH"))
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
    for name, label, program, args, extra in peers:
        job = Job(name, label, [program or name, *args], {**extra, "HOME": str(folder)})
        job.status = "ok" if program else "not installed"
        jobs.append(job)
    return jobs


def caseload_jobs(iepcheck: str, work: Path, python: str, env: dict[str, str],
                  plans: int = CASELOAD_PLANS) -> list[Job]:
    """`caseload DIR` over CASELOAD_PLANS plan folders, each a copy of the 1,000-entry set."""
    one = make_data(python, CASELOAD_ENTRIES, work, env)
    folder = work / f"caseload-{plans}x{CASELOAD_ENTRIES}"
    if not folder.exists():
        for n in range(1, plans + 1):
            child = folder / f"child-{n:04d}"
            child.mkdir(parents=True)
            for name in ("plan.toml", "plan.log.json"):
                try:
                    os.link(one / name, child / name)  # the same bytes, no disk
                except OSError:
                    shutil.copy2(one / name, child / name)
    help_text = subprocess.run([iepcheck, "caseload", "--help"], capture_output=True,
                               text=True, env=env, check=False).stdout
    as_of = ["--as-of", AS_OF] if "--as-of" in help_text else []
    return [Job("caseload", f"caseload ({plans:,} plans)",
                [iepcheck, "caseload", str(folder), *as_of], ISOLATED_ENV)]


#: What every child's row pays before any of iepcheck's own rules run, measured in the
#: installed Python on the one 1,000-entry plan and log: the standard library's JSON parser
#: over the log (a lower bound on reading it at all), the log read and validated as every
#: command reads it, and the plan's TOML parsed. Medians of CPU time of 21 repetitions.
CHILD_PARTS_CODE = """
import json, sys, time, tomllib
from pathlib import Path
from iepcheck.store.logbook import read_record
folder = Path(sys.argv[1])
log, plan = folder / "plan.log.json", (folder / "plan.toml").read_text(encoding="utf-8")
def cpu(work):
    times = []
    for _ in range(21):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return sorted(times)[10] * 1000
raw = log.read_bytes()
print(f"{cpu(lambda: json.loads(raw)):.1f} {cpu(lambda: read_record(log)):.1f} "
      f"{cpu(lambda: tomllib.loads(plan)):.1f}")
"""


def child_parts(python: str, work: Path, env: dict[str, str]) -> None:
    """The parts of one child's row that no rule of iepcheck's decides (CHILD_PARTS_CODE),
    printed under the caseload's goal so the distance to it can be read."""
    folder = work / f"iepcheck-{CASELOAD_ENTRIES}"
    done = subprocess.run([python, "-c", CHILD_PARTS_CODE, str(folder)], env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"{'':>8}  parts of one child's row: could not be measured "
              f"({done.stderr.strip()[-70:]})")
        return
    parse, read, toml = done.stdout.split()
    print(f"{'':>8}  one child's row pays first: json.loads of its log {parse} ms, the log "
          f"read and validated {read} ms, the plan's TOML {toml} ms (CPU medians)")


def bundle_figures(iepcheck: str, work: Path, python: str, env: dict[str, str],
                   args: argparse.Namespace) -> None:
    """`bundle` of a 1,000-entry record with `--bundle-originals` originals of BUNDLE_KIB
    KiB each (each its own file): time and peak memory beside the memory goal."""
    count = args.bundle_originals
    folder = work / f"bundle-{count}x{BUNDLE_KIB}"
    if not (folder / "plan.log.json").exists():
        run_quiet([python, str(GENERATE), "--attachments", str(count), str(BUNDLE_KIB),
                   str(folder)], env, "generate.py --attachments")
    out = scratch_folder(folder, "out") / "b.zip"
    job = Job("bundle-originals", f"bundle ({count} originals)",
              [iepcheck, "bundle", "-o", str(out), "--as-of", AS_OF, "--plan",
               str(folder / "plan.toml")], ISOLATED_ENV)
    time_jobs([job], args.runs, env)
    print_table(None, [job])
    peak = max(job.peaks) if job.peaks else None
    verdict_line(Verdict(f"bundle of {count} originals, peak", f"{peak:.1f} MiB" if peak
                         is not None else "n/a", f"<= {MEMORY_GOAL_MIB} MiB",
                         None if peak is None else peak <= MEMORY_GOAL_MIB))


def mail_figures(python: str, messages: int, env: dict[str, str]) -> None:
    """benchmarks/year_of_mail.py with the installed iepcheck: its figures beside its goals."""
    import re

    print(f"\nimport-email of a year of mail ({messages:,} messages):")
    done = subprocess.run([python, str(HERE / "year_of_mail.py"), "--messages", str(messages)],
                          env=env, capture_output=True, text=True, check=False)
    for line in done.stdout.splitlines():
        print(f"  {line}")
    rate = re.search(r"messages per second: ([\d,]+)", done.stdout)
    peak = re.search(r"peak memory: (\d+) MiB", done.stdout)
    from year_of_mail import GOAL_MIB, GOAL_RATE  # stdlib only

    per_s = int(rate.group(1).replace(",", "")) if rate else None
    mib = int(peak.group(1)) if peak else None
    verdict_line(Verdict(f"mbox of {messages:,}: messages/s", f"{per_s:,}" if per_s else "n/a",
                         f">= {GOAL_RATE}", None if per_s is None else per_s >= GOAL_RATE))
    verdict_line(Verdict(f"mbox of {messages:,}: peak", f"{mib} MiB" if mib else "n/a",
                         f"<= {GOAL_MIB} MiB", None if mib is None else mib <= GOAL_MIB))


# ---------------------------------------------------------------------------- output


def has_command(iepcheck: str, command: str, env: dict[str, str]) -> bool:
    done = subprocess.run([iepcheck, command, "--help"], capture_output=True, env=env,
                          check=False)
    return done.returncode == 0


def program_version(argv: list[str], env: dict[str, str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False,
                              timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    words = (done.stdout or done.stderr).split()
    return words[-1] if words else "?"


def print_table(size: int | None, jobs: Iterable[Job]) -> None:
    print(f"\n{'size':>8}  {'command':<34} {'runs':>4} {'median s':>9} {'min s':>7} "
          f"{'max s':>7} {'peak MiB':>9} {'lines':>7}")
    where = f"{size:,}" if size else "-"
    for job in jobs:
        if not job.walls:
            print(f"{where:>8}  {job.label:<34} {job.status}")
            continue
        print(f"{where:>8}  {job.label:<34} {len(job.walls):>4} "
              f"{statistics.median(job.walls):>9.3f} {min(job.walls):>7.3f} "
              f"{max(job.walls):>7.3f} {max(job.peaks):>9.1f} {job.lines:>7,}")


def ratio_goal(name: str, size: int) -> float | None:
    """The most this command may take over Watson's report at this size, if it has a goal."""
    if (name, size) in COMMAND_RATIO_GOALS:
        return COMMAND_RATIO_GOALS[(name, size)]
    return RATIO_GOALS.get(size) if name in GOAL_COMMANDS else None


def verdict_line(verdict: Verdict) -> None:
    verdicts_seen.append(verdict)
    print(f"{'':>8}  {verdict.text()}")


verdicts_seen: list[Verdict] = []


def ratio_lines(size: int, jobs: list[Job]) -> None:
    """Each iepcheck command over Watson's report (with its goal where there is one), the
    report over jrnl and timewarrior, and every goal of this size beside its figure."""
    by_name = {j.name: j for j in jobs}
    watson = by_name.get("watson")
    for job in jobs:
        if job.name in PEER_PACKAGES or job.name == "timew":
            continue
        ratio = median_ratio(job, watson)
        goal = ratio_goal(job.name, size)
        if goal is not None:
            verdict_line(Verdict(f"{job.name}/watson on {size:,}",
                                 f"ratio {ratio:.2f}" if ratio is not None else "n/a (no Watson)",
                                 f"<= {goal}", None if ratio is None else ratio <= goal))
        elif ratio is not None:
            print(f"{'':>8}  {job.name + '/watson':<34} ratio {ratio:.2f}")
    room_lines(size, jobs, watson, by_name.get("floor"))
    report = by_name.get("report")
    for peer in ("jrnl", "timew"):
        ratio = median_ratio(report, by_name.get(peer))
        if ratio is not None:
            print(f"{'':>8}  {'report/' + peer:<34} ratio {ratio:.2f}")
    spanish = median_ratio(by_name.get("report-es"), report)
    if spanish is not None:
        print(f"{'':>8}  {'report LANGUAGE=es / report':<34} ratio {spanish:.2f} "
              "(the Spanish catalogue's cost)")
    html = median(by_name.get("html"))
    if size == HTML_GOAL_SIZE:
        verdict_line(Verdict(f"report --format html on {size:,}",
                             f"{html:.3f} s" if html is not None else "n/a",
                             f"<= {HTML_GOAL_S} s", None if html is None else html <= HTML_GOAL_S))
    if size == MEMORY_GOAL_SIZE:
        for job in (j for j in jobs if j.name in MEMORY_COMMANDS):
            peak = max(job.peaks) if job.peaks else None
            verdict_line(Verdict(f"{job.name} peak memory on {size:,}",
                                 f"{peak:.1f} MiB" if peak is not None else "n/a",
                                 f"<= {MEMORY_GOAL_MIB} MiB",
                                 None if peak is None else peak <= MEMORY_GOAL_MIB))


def room_lines(size: int, jobs: list[Job], watson: Job | None, floor: Job | None) -> None:
    """How much of each goal is left for iepcheck's own work once the floor (the interpreter,
    typer and pydantic imported) is paid, beside what each command's own work takes: both in
    units of Watson's report. A goal with no room above the floor cannot be met by any work
    iepcheck does less of."""
    floor_ratio = median_ratio(floor, watson)
    if floor_ratio is None or watson is None:
        return
    watson_s = median(watson) or 0.0
    for job in jobs:
        goal = ratio_goal(job.name, size)
        ratio = median_ratio(job, watson)
        if goal is None or ratio is None:
            continue
        room, used = goal - floor_ratio, ratio - floor_ratio
        print(f"{'':>8}  {job.name + ' above the floor':<34} {used:.2f} x Watson "
              f"({used * watson_s * 1000:.0f} ms); the goal leaves {room:.2f} "
              f"({room * watson_s * 1000:.0f} ms)")


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


# ---------------------------------------------------------------------------- main


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, default=ROOT,
                        help="the iepcheck checkout to install and time [this script's repo]")
    parser.add_argument("--rev", help="install this commit of --repo (git archive) instead of "
                        "its work tree, uncommitted changes and all")
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="observations per log, comma-separated [%(default)s]")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each [%(default)s]")
    parser.add_argument("--peer-data", type=Path, metavar="SCRIPT",
                        help="a script `SCRIPT N OUTDIR` writing N entries for Watson, jrnl "
                             "and timewarrior; without it the peers are skipped")
    parser.add_argument("--import-mbox", action="store_true",
                        help=f"also time import-email of a {MBOX_MESSAGES:,}-message mbox, "
                             "and its re-import, on every size (slow)")
    parser.add_argument("--import-runs", type=int, default=3,
                        help="timed runs of each import [%(default)s]")
    parser.add_argument("--caseload", action="store_true",
                        help=f"also time `caseload DIR` on {CASELOAD_PLANS} plans of "
                             f"{CASELOAD_ENTRIES:,} entries (when iepcheck has it)")
    parser.add_argument("--caseload-plans", type=int, default=CASELOAD_PLANS,
                        help="children in --caseload's folder [%(default)s]")
    parser.add_argument("--bundle", action="store_true",
                        help=f"also time `bundle` of {BUNDLE_ORIGINALS} originals of "
                             f"{BUNDLE_KIB} KiB each")
    parser.add_argument("--bundle-originals", type=int, default=BUNDLE_ORIGINALS,
                        help="originals in --bundle's record [%(default)s]")
    parser.add_argument("--mail", action="store_true",
                        help=f"also import a year of mail ({YEAR_OF_MAIL:,} messages, "
                             "benchmarks/year_of_mail.py)")
    parser.add_argument("--mail-messages", type=int, default=YEAR_OF_MAIL,
                        help="messages in --mail's mbox [%(default)s]")
    parser.add_argument("--all", action="store_true",
                        help="every figure of the goals: sizes 1,000 / 3,000 / 10,000 / "
                             "100,000, --caseload, --bundle and --mail")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke test of the whole script on tiny sizes, one run each "
                             "(its figures mean nothing)")
    parser.add_argument("--workdir", type=Path, default=HERE / "out",
                        help="where the data sets are made and kept [benchmarks/out]")
    parser.add_argument("--skip", default="",
                        help="commands not to time, comma-separated: help, report, due, log, "
                             "status, history, floor, report-es, html, timeline, verify, letter, "
                             "bundle, caseload, import, reimport, watson, jrnl, timew "
                             "(jrnl takes minutes a run on 100,000)")
    parser.add_argument("--use-python", metavar="PYTHON",
                        help="time the iepcheck already installed beside this Python (a venv's "
                             "bin/python) instead of installing a copy; peers are not installed")
    parser.add_argument("--keep-venv", action="store_true",
                        help="leave the temporary venv in place (its path is printed)")
    args = parser.parse_args()
    if args.all:
        args.sizes, args.caseload, args.bundle, args.mail = ALL_SIZES, True, True, True
    if args.quick:
        args.sizes, args.runs, args.caseload, args.bundle, args.mail = "200", 1, True, True, True
        args.caseload_plans, args.bundle_originals, args.mail_messages = 2, 3, 50
    return args


ALL_SIZES = "1000,3000,10000,100000"


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    args = parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    skip = set(filter(None, args.skip.split(",")))
    repo = args.repo.resolve()
    if not (repo / "pyproject.toml").exists():
        sys.exit(f"--repo {repo}: no pyproject.toml there; give an iepcheck checkout")
    if args.peer_data is not None and not args.peer_data.is_file():
        sys.exit(f"--peer-data {args.peer_data}: no such file; give the peer data script")
    env, dropped = user_environment()
    work = args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    peers = [p for p in PEER_PACKAGES if args.peer_data and p not in skip]
    scratch = Path(tempfile.mkdtemp(prefix="iepcheck-bench-"))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped (SIGTERM)"))  # still clean up
    try:
        install = (Install(Path(args.use_python).parent.parent,
                           [f"iepcheck as installed beside {args.use_python} (--use-python)"])
                   if args.use_python else install_all(repo, args.rev, scratch, env, peers))
        run(args, sizes, skip, env, dropped, install, work)
    finally:
        if args.keep_venv:
            print(f"\nvenv kept: {scratch / 'venv'}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def run(args: argparse.Namespace, sizes: list[int], skip: set[str], env: dict[str, str],
        dropped: list[str], install: Install, work: Path) -> None:
    iepcheck = str(install.bin / "iepcheck")
    for note in install.notes:
        print(note)
    if args.peer_data:
        timew = shutil.which("timew", path=env.get("PATH"))
        print(f"timew {program_version([timew, '--version'], env)} from the system "
              f"({timew})" if timew else
              "timew: not installed (Debian/Ubuntu: apt-get install -y timewarrior): skipped")
    else:
        print("peers skipped: no --peer-data SCRIPT given")
    print("environment of every timed command: yours, minus "
          + (", ".join(dropped) if dropped else "nothing (no PYTHON* or IEPCHECK_* set)")
          + "; iepcheck's also get " + " ".join(f"{k}={v}" for k, v in ISOLATED_ENV.items())
          + "; each peer gets HOME (and its data variable) set to its data folder")
    print("output: drained through a pipe; bare `iepcheck` runs in the plan's folder with "
          "today's date (it has no --as-of); every other iepcheck command has --as-of "
          f"{AS_OF}; what is recorded (log, import-email) is dated {RECORD_UNTIL} at the "
          "latest (iepcheck refuses dates after the real today)")
    print(f"machine: cpus {os.cpu_count()}, load average {load_average()} at start; "
          f"runs {args.runs} (+1 warm-up) per command, interleaved round by round")
    verdicts = verdicts_seen

    help_job = Job("help", "iepcheck --help", [iepcheck, "--help"], ISOLATED_ENV)
    if "help" in skip:
        help_job.status = "skipped (--skip)"
    time_jobs([help_job], args.runs, env)
    print_table(None, [help_job])
    help_s = median(help_job)
    if "help" not in skip:
        verdict_line(Verdict("--help", f"{help_s:.3f} s" if help_s else "n/a",
                             f"<= {HELP_GOAL_S} s",
                             None if help_s is None else help_s <= HELP_GOAL_S))

    mbox = make_mbox(work) if args.import_mbox else None
    for size in sizes:
        folder = make_data(install.python, size, work, env)
        jobs = iepcheck_jobs(iepcheck, folder, install.python)
        for job in jobs:
            if job.name not in ("status", "floor") and not has_command(iepcheck, job.argv[1],
                                                                       env):
                job.status = "missing (no such command)"
        if args.peer_data:
            jobs += peer_jobs(size, work, install, args.peer_data, env)
        for job in jobs:
            if job.name in skip:
                job.status = "skipped (--skip)"
        time_jobs(jobs, args.runs, env)
        print_table(size, jobs)
        ratio_lines(size, jobs)
        if mbox is not None:
            imports = import_jobs(iepcheck, folder, mbox, env)
            for job in imports:
                if job.name in skip:
                    job.status = "skipped (--skip)"
            time_jobs(imports, args.import_runs, env)
            print_table(size, imports)
            sys.stdout.flush()

    if args.caseload:
        if has_command(iepcheck, "caseload", env):
            jobs = caseload_jobs(iepcheck, work, install.python, env, args.caseload_plans)
            time_jobs(jobs, args.runs, env)
            print_table(None, jobs)
            cpu = statistics.median(jobs[0].cpus) if jobs[0].cpus else None
            per_child = None if cpu is None else cpu * 1000 / args.caseload_plans
            verdict_line(Verdict(f"caseload CPU per child ({args.caseload_plans:,})",
                                 f"{per_child:.1f} ms" if per_child is not None else "n/a",
                                 f"<= {CASELOAD_GOAL_MS:g} ms",
                                 None if per_child is None else per_child <= CASELOAD_GOAL_MS))
            child_parts(install.python, work, env)
        else:
            print("\ncaseload: skipped, the installed iepcheck has no `caseload` command")
    if args.bundle:
        bundle_figures(iepcheck, work, install.python, env, args)
    if args.mail:
        mail_figures(install.python, args.mail_messages, env)

    print(f"\ngoals (load average {load_average()} at the end):")
    for verdict in verdicts:
        print(f"  {verdict.text()}")


if __name__ == "__main__":
    main()
