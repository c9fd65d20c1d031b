"""A proposal from `import-plan` as commented TOML: every value with the cell it came from.

The parent checks each line against the page cited before anything enters the plan, so the
source is beside every value and every refusal is spelled out as a comment. Values are
written with tomli-w, so any text a document holds stays valid TOML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iepcheck.plan.proposal import Proposal, ServiceProposal


def proposal_toml(proposal: Proposal) -> str:
    """The proposed `[[services]]` tables, headed by the document's name and SHA-256."""
    document = proposal.document
    lines = [f"# Proposed by 'iepcheck import-plan' from {_comment(document.name)}",
             f"# sha256 {document.sha256}",
             "# Nothing here is in your plan until you add it: check every value against the",
             "# page and row cited beside it.", ""]
    if not proposal.services:
        lines.append("# No services grid found: no table with a service column and a "
                     "frequency column.")
    if not proposal.accommodations:
        lines.append("# No accommodations list found: no bulleted lines under an "
                     "'Accommodations' heading.")
    for entry in proposal.entries:
        lines.extend(_service_lines(entry))
    return "\n".join(lines) + "\n"


def _service_lines(service: ServiceProposal) -> list[str]:
    import tomli_w

    lines = [f"# {service.where}: \"{_comment(service.quote)}\""]
    if service.values:  # a refused goal is its quote and its reason alone
        lines.append(f"[[{service.table}]]")
    for value in service.values:
        line = tomli_w.dumps({value.key: value.value}).rstrip("\n")
        if isinstance(value.value, tuple):  # one line, so the comment sits beside it
            items = (_inline(item) for item in value.value)
            line = f"{value.key} = [{', '.join(items)}]"
        elif isinstance(value.value, dict):  # an inline table: baseline = {value = 62, …}
            pairs = (f"{key} = {_inline(item)}" for key, item in value.value.items())
            line = f"{value.key} = {{{', '.join(pairs)}}}"
        lines.append(f"{line}  # {service.where}: \"{_comment(value.cell)}\"")
    lines.extend(f"# refused: {_comment(refusal)}" for refusal in service.refusals)
    return [*lines, ""]


def _inline(value: object) -> str:
    """One value as TOML writes it on the right of `=`."""
    import tomli_w

    return tomli_w.dumps({"v": value}).partition(" = ")[2].strip()


def _comment(text: str) -> str:
    """Text safe inside a one-line TOML comment: no line breaks or control characters."""
    return "".join(c if c.isprintable() else " " for c in " ".join(text.split()))
