"""The report as JSON (DESIGN 4): the contract every other format mirrors. Standard library only."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iepcheck.report import Report


def report_json(report: Report) -> str:
    from iepcheck.render.escape import json_text

    return json_text(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
