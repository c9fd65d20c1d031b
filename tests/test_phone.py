"""Pages fit a 390 px phone: nothing but a table that scrolls on its own is wider than the
screen (measured by headless Chromium, in a 390 px frame), and every page has dark mode."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

AS_OF = "2026-11-20"

#: Laid out in a 390 × 844 frame (headless Chromium's window is at least 500 wide): the
#: page's scroll width, and every element wider than the frame outside a `.scroll` box.
PROBE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" width="390" height="844" style="border:0" srcdoc="{page}"></iframe>
<script>
document.getElementById('f').onload = function() {{
  var d = this.contentDocument, w = this.contentWindow, wide = [];
  d.querySelectorAll('body *').forEach(function(e) {{
    var r = e.getBoundingClientRect();
    if (r.right > w.innerWidth + 1 && !(e.parentElement && e.parentElement.closest('.scroll')))
      wide.push(e.tagName + ':' + Math.round(r.right));
  }});
  document.body.setAttribute('data-probe',
    d.documentElement.scrollWidth + ' ' + w.innerWidth + ' ' + wide.slice(0, 6).join(','));
}};
</script></body></html>"""


@pytest.fixture
def pages(cli, tmp_path: Path) -> dict[str, str]:
    child = tmp_path / "children" / "maya"
    child.mkdir(parents=True)
    for name in ("plan.toml", "plan.log.json"):
        shutil.copy(ROOT / "examples" / name, child / name)
    shutil.copytree(ROOT / "examples" / "plan.evidence", child / "plan.evidence")
    plan = child / "plan.toml"
    found = {}
    for name, args in {"report": ["report", "--plan", plan], "timeline": ["timeline", "--plan", plan],
                       "letter": ["letter", "meeting-request", "--plan", plan],
                       "caseload": ["caseload", tmp_path / "children"]}.items():
        output = tmp_path / f"{name}.html"
        done = cli(*args, "--as-of", AS_OF, "-o", output)
        assert done.code == 0, done.stderr
        found[name] = output.read_text()
    return found


def test_every_page_has_dark_mode_for_the_screen_only(pages: dict[str, str]) -> None:
    for name, page in pages.items():
        assert "@media screen and (prefers-color-scheme: dark)" in page, name
        assert '<meta name="viewport"' in page or name in ("letter", "caseload"), name


@pytest.mark.skipif(not shutil.which("chromium"), reason="needs chromium (headless)")
def test_every_page_fits_a_390_px_phone(pages: dict[str, str]) -> None:
    for name, page in pages.items():
        page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
        with tempfile.TemporaryDirectory() as folder:
            probe = Path(folder) / "probe.html"
            probe.write_text(PROBE.format(page=html.escape(page, quote=True)))
            dom = subprocess.run(
                ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 f"--user-data-dir={folder}/profile", "--window-size=1280,900",
                 "--virtual-time-budget=5000", "--dump-dom", probe.as_uri()],
                capture_output=True, text=True, timeout=120, check=False).stdout
        found = re.search(r'data-probe="(\d+) (\d+) ([^"]*)"', dom)
        assert found is not None, name
        width, frame, wide = int(found.group(1)), int(found.group(2)), found.group(3)
        assert frame == 390 and width <= frame and not wide, (name, width, wide)
