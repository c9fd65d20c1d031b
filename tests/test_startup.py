"""Start-up is a feature (docs/architecture.md): the help, `log` and `due` paths never pay for libraries
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
RENDERERS = {"rich", "icalendar", "jinja2", "markdown", "html", "csv", "leather", "matplotlib",
             "numpy"}
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
    assert "iepcheck.store.logbook" in modules  # it really recorded something
    assert plan_path.with_name("sam.log.json").exists()
    assert not loaded(modules, {"rich", "icalendar", "jinja2", "markdown"} | EMAIL_PARSING)
    assert not {m for m in modules if m.startswith(OUR_RENDERERS_PREFIX)}


def test_due_as_json_loads_no_table_or_calendar(tmp_path: Path, plan_path: Path) -> None:
    modules = modules_after(tmp_path, "due", "--format", "json", "--as-of", AS_OF,
                            "--plan", str(plan_path))
    assert "iepcheck.store.logbook" in modules
    assert not loaded(modules, {"rich", "icalendar", "jinja2", "markdown"} | EMAIL_PARSING)


@pytest.mark.parametrize("form", ["json", "table", "csv", "markdown"])
def test_reports_other_than_html_load_no_chart_library(tmp_path: Path, example_plan: Path,
                                                       form: str) -> None:
    """Only the HTML report (and the bundle) draw charts: leather stays off every other."""
    modules = modules_after(tmp_path, "report", "--format", form, "--as-of", AS_OF,
                            "--plan", str(example_plan))
    assert "iepcheck.evidence.report" in modules
    assert not loaded(modules, {"leather", "matplotlib", "numpy"})
    assert "iepcheck.render.minutes_chart" not in modules


def test_the_html_report_draws_its_charts_with_leather(tmp_path: Path,
                                                       example_plan: Path) -> None:
    modules = modules_after(tmp_path, "report", "--format", "html", "--as-of", AS_OF,
                            "--plan", str(example_plan))
    assert "leather" in modules and not loaded(modules, {"matplotlib", "numpy"})


def test_every_command_in_the_table_runs_its_help() -> None:
    """The one command table names a real function for every command, in --help's order."""
    from iepcheck.cli import COMMANDS, build_app, command_function

    for name in COMMANDS:
        assert callable(command_function(name)), name
    app = build_app(COMMANDS)
    assert [c.name for c in app.registered_commands] == list(COMMANDS)


def test_building_the_app_twice_changes_nothing_shared() -> None:
    """Nothing is registered on a global app: each run builds its own."""
    from iepcheck.cli import build_app

    assert build_app(["log"]).registered_commands[0].name == "log"
    assert [c.name for c in build_app(["report"]).registered_commands] == ["report"]


def test_bare_iepcheck_beside_a_plan_builds_no_command(tmp_path: Path, monkeypatch) -> None:
    """Bare `iepcheck` beside a plan builds no command; help and an unknown word only list
    them (None: plain click commands carrying each docstring); a command builds itself."""
    from iepcheck.cli import COMMANDS, commands_needed, listing

    monkeypatch.chdir(tmp_path)
    assert commands_needed([]) is None  # no plan: the help, listing every command
    (tmp_path / "plan.toml").write_text("")
    assert commands_needed([]) == []
    assert commands_needed(["--help", "report"]) is None  # root help lists every command
    assert commands_needed(["repor"]) is None
    assert commands_needed(["report", "--help"]) == ["report"]
    assert sorted(listing(None).commands) == sorted(COMMANDS)  # type: ignore[attr-defined]


def test_pydantic_plugins_are_off(tmp_path: Path) -> None:
    """No plugin of another package sees a child's data, and none is searched for."""
    code = ("import iepcheck, pydantic.plugin._loader as loader, os; "
            "print(os.environ['PYDANTIC_DISABLE_PLUGINS'], list(loader.get_plugins()))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.split() == ["__all__", "[]"]


def _fresh(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True, env={**os.environ, "PYDANTIC_DISABLE_PLUGINS": ""})
    return done.stdout.strip()


def test_validating_never_loads_the_package_metadata_scanner() -> None:
    """pydantic's plugin loader imports importlib.metadata (and email, zipfile, csv…) only
    to scan for plugins that are off: iepcheck answers for it, so a run never loads them."""
    code = ("import sys\nbefore = set(sys.modules)\nimport iepcheck\n"
            "from iepcheck.record.entries import validate_entries_json\n"
            "from iepcheck.plan.model import Plan\n"
            "validate_entries_json(b'[]')\n"
            "print(sorted(m for m in set(sys.modules) - before "
            "if m.startswith(('importlib.metadata', 'email', 'zipfile'))))")
    assert _fresh(code) == "[]"


def test_pydantic_still_asks_its_loader_for_plugins_by_name() -> None:
    """What the stand-in relies on. When a pydantic release finds plugins another way, this
    fails: the stand-in would then save nothing, and must be revisited or removed."""
    import inspect

    import pydantic.plugin._schema_validator as validators

    assert "from ._loader import get_plugins" in inspect.getsource(validators)
    code = ("import importlib, os; os.environ['PYDANTIC_DISABLE_PLUGINS'] = '__all__'; "
            "loader = importlib.import_module('pydantic.plugin._loader'); "
            "print(list(loader.get_plugins()), loader.__name__, hasattr(loader, '__file__'))")
    assert _fresh(code) == "[] pydantic.plugin._loader True"  # the real one, plugins off: none


def test_the_real_loader_is_reached_for_anything_else() -> None:
    """Only `get_plugins` is answered by the stand-in; any other name loads pydantic's own."""
    code = ("import sys, iepcheck, pydantic.plugin._loader as loader; "
            "print(loader.PYDANTIC_ENTRY_POINT_GROUP, hasattr(sys.modules[loader.__name__], "
            "'__file__'), list(loader.get_plugins()))")
    assert _fresh(code) == "pydantic True []"
