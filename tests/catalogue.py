"""The message catalogue's tool: extract, update and compile (Babel, at build time only).

    python tests/catalogue.py update    # every wrapped message into each .po (sorted, no
                                        # source lines, so parallel edits merge cleanly)
    python tests/catalogue.py compile   # each .po into the .mo shipped in the package
    python tests/catalogue.py check     # exit 1 when a .mo is stale or an entry untranslated

Messages are wrapped in `_()`, `n_()` or `N_()` (iepcheck.language.messages). Placeholders are named
(`{day}`), filled with `.format()` after translation, and flagged python-brace-format so
`msgfmt -c` refuses a translation that renames one.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "iepcheck"
LOCALE = SOURCE / "language" / "locale"
DOMAIN = "iepcheck"
KEYWORDS = {"_": None, "n_": (1, 2), "N_": None, "p_": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"(?<!\{)\{[A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}")


def template() -> Catalog:
    """Every wrapped message in the source."""
    catalog = Catalog(domain=DOMAIN, project="iepcheck")
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(SOURCE), method_map=[("**.py", "python")], keywords=KEYWORDS):
        ids = message if isinstance(message, tuple) else (message,)
        flags = {"python-brace-format"} if any(PLACEHOLDER.search(i) for i in ids) else set()
        catalog.add(message, flags=flags, context=_context)
    from iepcheck.cli import COMMANDS, command_function  # each command's help: its docstring
    from iepcheck.cli.command_help import docstring

    for text in (docstring(command_function(name)) for name in COMMANDS):
        catalog.add(text, flags={"python-brace-format"} if PLACEHOLDER.search(text) else set())
    return catalog


def po_files() -> list[Path]:
    return sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read(path: Path) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, locale=path.parent.parent.name, domain=DOMAIN)


def write(path: Path, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, no_location=True, omit_header=False,
             sort_output=True, ignore_obsolete=True, include_lineno=False)
    path.write_bytes(buffer.getvalue())


def update() -> None:
    wanted = template()
    for path in po_files():
        catalog = read(path)
        catalog.update(wanted, no_fuzzy_matching=True, update_header_comment=False)
        for message in catalog:
            if message.id:
                message.flags.discard("fuzzy")
                source = wanted.get(message.id, message.context)
                if source is not None:
                    message.flags = set(source.flags)
        write(path, catalog)
        missing = sum(1 for m in catalog if m.id and not _translated(m))
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {missing} untranslated")


def _translated(message: object) -> bool:
    text = message.string
    return all(text) if isinstance(text, tuple) else bool(text)


def compiled(path: Path) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, read(path), use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> None:
    for path in po_files():
        path.with_suffix(".mo").write_bytes(compiled(path))
        print(f"{path.with_suffix('.mo').relative_to(ROOT)} written")


def check() -> int:
    problems = []
    wanted = {(m.id, m.context) for m in template() if m.id}
    for path in po_files():
        catalog = read(path)
        have = {(m.id, m.context) for m in catalog if m.id}
        for message in catalog:
            if message.id and not _translated(message):
                problems.append(f"{path.name}: untranslated: {message.id!r}")
            if message.id and message.fuzzy:
                problems.append(f"{path.name}: fuzzy (a guess, not a translation): "
                                f"{message.id!r}")
        problems += [f"{path.parent.parent.name}: not in the catalogue: {m!r}"
                     for m in sorted(wanted - have, key=str)]
        mo = path.with_suffix(".mo")
        if not mo.is_file() or compiled(path) != mo.read_bytes():
            problems.append(f"{mo.relative_to(ROOT)} is stale: run `python tests/catalogue.py"
                            " compile`")
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "check"
    if action == "update":
        update()
    elif action == "compile":
        compile_all()
    else:
        raise SystemExit(check())
