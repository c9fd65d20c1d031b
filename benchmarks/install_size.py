"""What a fresh `pip install .` costs a family: seconds, and MiB of site-packages besides pip
and setuptools (the target is at most 50 MiB). Standard library only.

    python3 benchmarks/install_size.py            # the checkout this script is in
    python3 benchmarks/install_size.py --repo PATH --keep
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: What every virtual environment holds anyway: not iepcheck's cost.
TOOLING = ("pip", "setuptools", "_distutils_hack", "distutils-precedence.pth", "pkg_resources")


def site_packages(venv: Path) -> Path:
    found = sorted(venv.glob("lib/python3*/site-packages")) or [venv / "Lib" / "site-packages"]
    return found[0]


def size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def measure(repo: Path, folder: Path) -> tuple[float, dict[str, int]]:
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    start = time.perf_counter()
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-cache-dir",
                    str(repo)], check=True)
    seconds = time.perf_counter() - start
    sizes: dict[str, int] = {}
    for entry in site_packages(venv).iterdir():
        if entry.name.startswith(TOOLING) or entry.name == "__pycache__":
            continue
        name = entry.name.split("-")[0].removesuffix(".py").lower()
        sizes[name] = sizes.get(name, 0) + size(entry)
    return seconds, sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--keep", action="store_true", help="leave the virtualenv in place")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="iepcheck-install-"))
    try:
        seconds, sizes = measure(args.repo, folder)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    mib = 1024 * 1024
    for name, bytes_ in sorted(sizes.items(), key=lambda kv: -kv[1])[:12]:
        print(f"{bytes_ / mib:8.1f} MiB  {name}")
    print(f"install: {seconds:.1f} s; site-packages besides pip and setuptools: "
          f"{sum(sizes.values()) / mib:.1f} MiB (target: at most 50 MiB)")


if __name__ == "__main__":
    main()
