"""Start-up is a feature (STYLE.md): the help, `log` and `due` paths never pay for libraries
they do not use. Each check runs in a fresh interpreter, so what an earlier test imported
cannot hide a regression.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import AS_OF

# What a command may load only when it renders or parses that kind of thing.
RENDERERS = {"rich", "icalendar", "jinja2", "markdown", "html", "csv"}
EMAIL_PARSING = {"email.parser", "email.feedparser", "email.policy", "mailbox"}
VALIDATION = {"pydantic", "pydantic_core"}
OUR_RENDERERS_PREFIX = "iepcheck.render"

PROBE = """
import json, sys
from iepcheck.cli import main
try:
    main(sys.argv[2:])
except SystemExit:
    pass
with open(sys.argv[1], "w") as out:
    json.dump(sorted(sys.modules), out)
"""


def modules_after(tmp_path: Path, *args: str, cwd: Path | None = None) -> set[str]:
    """The modules loaded once `iepcheck ARGS…` has run in a fresh interpreter."""
    listing = tmp_path / "modules.json"
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    done = subprocess.run([sys.executable, "-c", PROBE, str(listing), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert listing.exists(), done.stderr
    return set(json.loads(listing.read_text()))


def loaded(modules: set[str], names: set[str]) -> set[str]:
    """Which of `names` (packages or modules) are loaded, counting submodules."""
    return {m for m in modules for n in names if m == n or m.startswith(n + ".")}


def test_importing_the_cli_loads_no_heavy_module(tmp_path: Path) -> None:
    listing = tmp_path / "modules.json"
    code = f"import json, sys, iepcheck.cli; json.dump(sorted(sys.modules), open({str(listing)!r}, 'w'))"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    modules = set(json.loads(listing.read_text()))
    assert not loaded(modules, RENDERERS | EMAIL_PARSING | VALIDATION | {"email"})
    assert not {m for m in modules if m.startswith(OUR_RENDERERS_PREFIX)}


@pytest.mark.parametrize("args", [["--help"], ["log", "--help"], ["report", "--help"],
                                  ["due", "--help"]])
def test_help_loads_no_heavy_module(tmp_path: Path, args: list[str]) -> None:
    modules = modules_after(tmp_path, *args)
    assert not loaded(modules, RENDERERS | EMAIL_PARSING | VALIDATION | {"email"})
    assert not {m for m in modules if m.startswith(OUR_RENDERERS_PREFIX)}


def test_log_loads_no_renderer(tmp_path: Path, plan_path: Path) -> None:
    modules = modules_after(tmp_path, "log", "speech", "--kind", "interview", "--as-of", AS_OF,
                            "--plan", str(plan_path))
    assert "iepcheck.logbook" in modules  # it really recorded something
    assert plan_path.with_name("sam.log.json").exists()
    assert not loaded(modules, {"rich", "icalendar", "jinja2", "markdown"} | EMAIL_PARSING)
    assert not {m for m in modules if m.startswith(OUR_RENDERERS_PREFIX)}


def test_due_as_json_loads_no_table_or_calendar(tmp_path: Path, plan_path: Path) -> None:
    modules = modules_after(tmp_path, "due", "--format", "json", "--as-of", AS_OF,
                            "--plan", str(plan_path))
    assert "iepcheck.logbook" in modules
    assert not loaded(modules, {"rich", "icalendar", "jinja2", "markdown"} | EMAIL_PARSING)


def test_every_command_has_its_module_listed() -> None:
    """`main` imports only the invoked command's module, so the map must name them all."""
    from typer.main import get_command_name

    from iepcheck.cli import COMMAND_MODULES, app, load_commands

    load_commands()
    names = {c.name or get_command_name(c.callback.__name__) for c in app.registered_commands}
    assert names == set(COMMAND_MODULES)
