"""Every HTML page passes axe-core (the accessibility engine) with no violations, run in
headless Chromium; and each page is photographed at phone (390 × 844) and desktop
(1280 × 900) size for a person to look at (docs/outputs.md).

axe-core is found at `$AXE_CORE_JS` (`.ci/run` installs it with npm), else in a
`node_modules/axe-core` beside the project; without it, or without Chromium, the tests skip
and say so."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests import school_logs
from tests.conftest import ROOT

AS_OF = "2026-11-20"
#: Given to the page once axe has looked: every violation, with the first few places.
RUN_AXE = """<script src="axe.min.js"></script><script>
axe.run(document, {resultTypes: ['violations']}).then(function (result) {
  document.documentElement.setAttribute('data-axe', JSON.stringify(result.violations.map(
    function (v) { return v.id + ' (' + v.impact + '): ' + v.help + ' at ' +
      v.nodes.slice(0, 3).map(function (n) { return n.target.join(' '); }).join(', '); })));
}, function (error) { document.documentElement.setAttribute('data-axe', '"' + error + '"'); });
</script>"""


def _axe_script() -> Path | None:
    candidates = [os.environ.get("AXE_CORE_JS", ""),
                  str(ROOT / "node_modules" / "axe-core" / "axe.min.js"),
                  "/usr/lib/node_modules/axe-core/axe.min.js",
                  "/usr/local/lib/node_modules/axe-core/axe.min.js"]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def _chromium(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={folder}/profile", "--hide-scrollbars", *args],
        capture_output=True, text=True, timeout=120, check=False).stdout


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every HTML page iepcheck writes, from the example and a school log."""
    from tests.conftest import run_process

    root = tmp_path_factory.mktemp("pages")
    child = root / "children" / "maya"
    child.mkdir(parents=True)
    for name in ("plan.toml", "plan.log.json"):
        shutil.copy(ROOT / "examples" / name, child / name)
    shutil.copytree(ROOT / "examples" / "plan.evidence", child / "plan.evidence")
    plan = str(child / "plan.toml")
    robin = root / "robin" / "robin.toml"
    robin.parent.mkdir()
    robin.write_text(school_logs.PLAN)
    run = {
        "report": ["report", "--plan", plan], "timeline": ["timeline", "--plan", plan],
        "letter": ["letter", "meeting-request", "--plan", plan],
        "complaint-facts": ["letter", "complaint-facts", "--plan", plan],
        "caseload": ["caseload", str(root / "children")],
        "at-a-glance": ["at-a-glance", "ms-lee", "--plan", plan],
    }
    found = {}
    for name, args in run.items():
        found[name] = root / f"{name}.html"
        done = run_process(*args, "--as-of", AS_OF, "-o", found[name])
        assert done.code == 0, (name, done.stderr)
    run_process("import-log", school_logs.samegoal_csv(robin.parent), "--plan", robin,
                "--as-of", AS_OF)
    done = run_process("reconcile", "--plan", robin, "--as-of", AS_OF, "--format", "html")
    found["reconcile"] = root / "reconcile.html"
    found["reconcile"].write_text(done.stdout)
    bundle = root / "bundle.zip"
    assert run_process("bundle", "--plan", plan, "--as-of", AS_OF, "-o", bundle).code == 0
    with zipfile.ZipFile(bundle) as opened:
        name = next(n for n in opened.namelist() if n.endswith("README.html"))
        found["bundle-readme"] = root / "bundle-readme.html"
        found["bundle-readme"].write_bytes(opened.read(name))
    return found


@pytest.mark.skipif(not shutil.which("chromium"), reason="needs chromium (headless)")
def test_every_page_has_no_axe_violations(pages: dict[str, Path], tmp_path: Path) -> None:
    script = _axe_script()
    if script is None:
        pytest.skip("axe-core not found: npm install axe-core, or set AXE_CORE_JS")
    shutil.copy(script, tmp_path / "axe.min.js")
    for name, path in pages.items():
        page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "",
                      path.read_text())  # the page's own policy forbids scripts: axe is one
        probe = tmp_path / f"{name}.html"
        probe.write_text(page.replace("</body>", f"{RUN_AXE}</body>"))
        dom = _chromium(tmp_path, "--window-size=1280,900", "--virtual-time-budget=15000",
                        "--dump-dom", probe.as_uri())
        found = re.search(r'data-axe="([^"]*)"', dom)
        assert found is not None, (name, "axe did not run")
        assert json.loads(html.unescape(found.group(1))) == [], name


@pytest.mark.skipif(not shutil.which("chromium"), reason="needs chromium (headless)")
@pytest.mark.parametrize("size", [(390, 844), (1280, 900)], ids=["phone", "desktop"])
def test_every_page_is_photographed_at_phone_and_desktop_size(pages, tmp_path, size) -> None:
    width, height = size
    for name in ("report", "timeline", "letter", "caseload"):
        shot = tmp_path / f"{name}-{width}x{height}.png"
        _chromium(tmp_path, f"--window-size={width},{height}", "--virtual-time-budget=3000",
                  f"--screenshot={shot}", pages[name].as_uri())
        header = shot.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n", name
        assert struct.unpack(">II", header[16:24]) == (width, height), name
        assert shot.stat().st_size > 10_000, name  # a page, not a blank frame
