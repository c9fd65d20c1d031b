"""Every sentence a person reads goes through the catalogue: the pseudo-locale run.

A pseudo catalogue is built from the template of every wrapped message (each translation is
its message between ⟦ and ⟧, placeholders intact) and installed in-process as the reader's
language. Every command then runs on the example plan. Whatever is left outside the markers,
once the plan's and the log's own values, ids, dates, numbers, paths and addresses are taken
out, is English that never went through `_()`: the test fails naming the command and the text.
"""

from __future__ import annotations

import gettext
import itertools
import json
import re
import shutil
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import AS_OF, ROOT

OPEN, CLOSE = "⟦", "⟧"
EXAMPLES = ROOT / "examples"
#: Words that are no sentence in any language: acronyms, the program, email header names.
NEUTRAL = {"IEP", "iepcheck", "OCR", "IDEA", "CFR", "FERPA", "OSEP", "To", "Cc", "Subject",
           "From", "Date", "min", "OK", "ICS", "CSV", "JSON", "HTML", "TOML", "PDF", "eml",
           "md", "txt", "ics", "zip", "html", "json", "csv", "toml", "svg", "N"}


class Pseudo(gettext.NullTranslations):
    """Each wrapped message comes back between markers; anything else comes back as it was."""

    def __init__(self, singles: dict[str, str], plurals: dict[str, tuple[str, str]],
                 contexts: dict[tuple[str, str], str] | None = None) -> None:
        super().__init__()
        self.singles, self.plurals, self.contexts = singles, plurals, contexts or {}

    def pgettext(self, context: str, message: str) -> str:
        return self.contexts.get((context, message), message)

    def gettext(self, message: str) -> str:
        return self.singles.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:  # type: ignore[override]
        forms = self.plurals.get(singular)
        if forms is None:
            return singular if n == 1 else plural
        return forms[0] if n == 1 else forms[1]


def _mark(text: str) -> str:
    return f"{OPEN}{text}{CLOSE}"


@pytest.fixture(scope="module")
def pseudo() -> Pseudo:
    from tests.catalogue import template

    singles: dict[str, str] = {}
    plurals: dict[str, tuple[str, str]] = {}
    contexts: dict[tuple[str, str], str] = {}
    for message in template():
        if not message.id:
            continue
        if message.context:
            contexts[(message.context, message.id)] = _mark(message.id)
            continue
        if isinstance(message.id, tuple):
            singular, plural = message.id[0], message.id[1]
            plurals[singular] = (_mark(singular), _mark(plural))
            singles.setdefault(singular, _mark(singular))
        else:
            singles[message.id] = _mark(message.id)
    return Pseudo(singles, plurals, contexts)


@pytest.fixture
def speak_pseudo(monkeypatch: pytest.MonkeyPatch, pseudo: Pseudo) -> Pseudo:
    """The reader speaks the pseudo language: every non-English catalogue is the pseudo one."""
    from iepcheck.store import catalogue

    english = catalogue.load
    monkeypatch.setattr(catalogue, "load",
                        lambda language: english(language) if language == "en" else pseudo)
    monkeypatch.setenv("LANGUAGE", "es")
    return pseudo


WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*")


@dataclass(frozen=True)
class RecordText:
    """The plan's and the log's own text: it stays as the family wrote it, in any language.

    `values` are removed whole (on word boundaries); a word left over is still the record's
    when it stands beside a neighbour it stands beside in the record (`pairs`: a value a
    table wrapped over two lines), or when it is a name or an id (`single`).
    """

    values: re.Pattern[str]
    pairs: frozenset[tuple[str, str]]
    single: frozenset[str]


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)


def _names(value: object) -> Iterator[str]:
    """Names and ids: every word of them may stand alone."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in ("id", "name", "school", "who", "items", "staff", "provider") \
                    and isinstance(inner, (str, list)):
                yield from _strings(inner)
            else:
                yield from _names(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _names(inner)


@pytest.fixture(scope="module")
def record_words() -> RecordText:
    plan = tomllib.loads((EXAMPLES / "plan.toml").read_text())
    log = json.loads((EXAMPLES / "plan.log.json").read_text())
    values = set(_strings(plan)) | set(_strings(log))
    for value in list(values):  # a quoted note may be cut short at its punctuation
        values.update(p.strip() for p in re.split(r"[;:,()\"“”.]", value) if p.strip())
    pairs = set()
    for value in values:
        words = WORD.findall(value)
        pairs.update(itertools.pairwise(words))
    from iepcheck.cli import COMMANDS
    from iepcheck.vocabulary import Finding, Kind, Reason, Status

    single = {w for name in [*_names(plan), *_names(log)] for w in WORD.findall(name)}
    single.update(m.value for enum in (Kind, Finding, Reason, Status) for m in enum)
    single.update(COMMANDS)
    from iepcheck.letters.compose import LetterKind

    single.update(kind.value for kind in LetterKind)
    ordered = sorted((v for v in values if len(v) > 3), key=len, reverse=True)
    pattern = re.compile("(?<![\\w-])(?:" + "|".join(map(re.escape, ordered)) + ")(?![\\w-])")
    return RecordText(pattern, frozenset(pairs), frozenset(single))


def english_left(text: str, record: RecordText) -> list[str]:
    """The lines of `text` that still hold words outside the markers, what is left of each."""
    previous = None
    while previous != text:  # nested messages: the innermost first
        previous = text
        text = re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", text)
    # click shortens a command's help in the listing ("…from the IEP..." or its first
    # sentence): a message cut before its closing marker is still a message.
    text = re.sub(f"{OPEN}[^{OPEN}{CLOSE}\n]*$", " ", text, flags=re.MULTILINE)
    text = re.sub(r"\[\s*:\s*[\w-]+\]", " ", text)  # "[default: up]", its word translated
    # the seal receipt stays as it is in every language (a reply is matched by it)
    text = re.sub(r"Log seal [\w-]*#\d+ [0-9a-f]+(?: of record \S+)?", " ", text)
    text = re.sub(r"\[[\w-]+(?:\|[\w-]+)+\]", " ", text)  # an option's choices: "[up|down]"
    left = []
    for line in text.splitlines():
        if line.strip().startswith(("iepcheck ", "$ iepcheck ")):
            continue  # an example command: typed as it is, in every language
        rest = re.sub(r"'[^'\s]+'|[\[{][\w|-]+\|[\w|-]+[\]}]|\S+@\S+|https?://\S+|\S*[/\\]\S*|\S*\.(?:toml|json|eml|ics|html?|md|"
                      r"txt|csv|zip|pdf|log|svg)\b|(?<![\w-])--?[a-z][\w-]*|\w*#\d+|\d[\w:.,\-×/]*",
                      " ", record.values.sub(" ", line))
        words = WORD.findall(rest)
        remaining = [
            w for i, w in enumerate(words)
            if len(w) > 1 and w not in NEUTRAL and "-" not in w and w.upper() != w
            and w not in record.single
            and (i == 0 or (words[i - 1], w) not in record.pairs)
            and (i + 1 == len(words) or (w, words[i + 1]) not in record.pairs)]
        if remaining:
            left.append(f"{line.strip()[:110]!r} -> {' '.join(remaining)}")
    return left


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The example plan, its log and its evidence folder, in a fresh folder."""
    for path in EXAMPLES.iterdir():
        target = tmp_path / path.name
        if path.is_dir():
            shutil.copytree(path, target)
        else:
            shutil.copy(path, target)
    return tmp_path / "plan.toml"


PLAN_ARGS = ("--plan", "{plan}", "--as-of", AS_OF)

#: Each run: its name, its arguments, the file it writes (read instead of stdout).
RUNS: list[tuple[str, tuple[str, ...], str | None]] = [
    ("report", ("report", *PLAN_ARGS), None),
    ("report markdown", ("report", "--format", "markdown", *PLAN_ARGS), None),
    ("report html", ("report", "-o", "{dir}/r.html", *PLAN_ARGS), "r.html"),
    ("due", ("due", *PLAN_ARGS), None),
    ("history", ("history", *PLAN_ARGS), None),
    ("items", ("items", "--plan", "{plan}"), None),
    ("timeline", ("timeline", *PLAN_ARGS), None),
    ("plan check", ("plan", "check", "--plan", "{plan}"), None),
    ("at-a-glance", ("at-a-glance", "ms-lee", *PLAN_ARGS), None),
    ("draft-email", ("draft-email", "ms-lee", "--lang", "es", *PLAN_ARGS), None),
    ("calendar", ("calendar", "-o", "{dir}/c.ics", "--plan", "{plan}"), "c.ics"),
    ("reconcile", ("reconcile", *PLAN_ARGS), None),
    ("ask", ("ask", *PLAN_ARGS), None),
    ("bundle README", ("bundle", "-o", "{dir}/b.zip", *PLAN_ARGS), "b.zip"),
    ("config", ("config",), None),
    ("caseload", ("caseload", "{dir}", "--as-of", AS_OF), None),
    ("letter both", ("letter", "meeting-request", "--lang", "both", *PLAN_ARGS), None),
] + [
    (f"letter {kind}", ("letter", kind, "--lang", "es", *PLAN_ARGS), None)
    for kind in ("meeting-request", "records-request", "make-up-request", "escalation",
                 "complaint-facts", "records-questions", "visit-request")
]

#: Runs the example plan refuses (no school log to question): the refusal is checked.
REFUSED_ON_THE_EXAMPLE = {"letter records-questions"}

#: Errors a person can cause.
ERRORS: list[tuple[str, tuple[str, ...]]] = [
    ("unknown option", ("report", "--bogus", "--plan", "{plan}")),
    ("unknown command", ("reprot",)),
    ("missing argument", ("draft-email",)),
    ("invalid value", ("report", "--format", "pdf", "--plan", "{plan}")),
    ("no plan", ("report", "--plan", "{dir}/none.toml")),
    ("bad date", ("report", "--as-of", "someday", "--plan", "{plan}")),
    ("unknown staff", ("draft-email", "nobody", *PLAN_ARGS)),
    ("unknown letter", ("letter", "thanks", *PLAN_ARGS)),
    ("unknown kind", ("log", "speech", "--kind", "chat", *PLAN_ARGS)),
]


def _argv(args: tuple[str, ...], plan: Path) -> list[str]:
    return [a.format(plan=plan, dir=plan.parent) for a in args]


def _read(written: Path) -> str:
    if written.suffix == ".zip":  # the page a person opens first: README.html
        with zipfile.ZipFile(written) as bundle:
            name = next(n for n in bundle.namelist()
                        if n.endswith(("README.html", "README.md", "README.txt")))
            text = bundle.read(name).decode("utf-8")
        return _html_text(text) if name.endswith(".html") else text
    text = written.read_text("utf-8")
    if written.suffix == ".ics":  # what a person reads: the titles and descriptions
        text = "\n".join(line.split(":", 1)[1] for line in text.replace("\r\n ", "").splitlines()
                         if line.startswith(("SUMMARY", "DESCRIPTION")))
    return _html_text(text) if written.suffix == ".html" else text


def _html_text(text: str) -> str:
    """What a page shows: its text, without the style, the scripts and the tags."""
    import html

    text = re.sub(r"<style.*?</style>|<script.*?</script>", " ", text, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "\n", text))


def _fail_on_english(name: str, text: str, record_words: RecordText) -> None:
    left = english_left(text, record_words)
    assert not left, f"{name}: English outside the catalogue:\n" + "\n".join(left[:15])


@pytest.mark.parametrize(("name", "args", "written"), [
    pytest.param(name, args, written, id=name) for name, args, written in RUNS])
def test_every_command_speaks_the_readers_language(
        cli, speak_pseudo: Pseudo, example: Path, record_words: RecordText,
        name: str, args: tuple[str, ...], written: str | None) -> None:
    done = cli(*_argv(args, example))
    if name in REFUSED_ON_THE_EXAMPLE:  # its refusal is what a person reads: in their language
        assert done.code == 2, f"{name}: exit {done.code}: {done.stdout}"
        _fail_on_english(name, done.stderr.removeprefix("iepcheck: error: "), record_words)
        return
    assert done.code in (0, 1), f"{name}: exit {done.code}: {done.stderr}"
    text = _read(example.parent / written) if written else done.stdout
    if name == "letter both":  # the letter sent is English by design; its copy is the reader's
        english, _line, text = text.partition("─" * 40)
        assert "Dear " in english and text, text
    _fail_on_english(name, text + "\n" + done.stderr, record_words)


def _helps() -> list[object]:
    from iepcheck.cli import COMMANDS

    return [pytest.param((), id="iepcheck --help")] + [
        pytest.param((name,), id=f"{name} --help") for name in COMMANDS]


@pytest.fixture
def cli_imported_anew(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command modules imported again, under the language in use: option help texts
    are translated when their module is imported (the command line installs the language
    first), and another test may have imported them in English already. Everything is put
    back after the test."""
    import importlib
    import sys

    for name in [n for n in sys.modules if n.startswith("iepcheck.cli.")]:
        parent, _dot, child = name.rpartition(".")
        monkeypatch.setattr(importlib.import_module(parent), child, sys.modules[name])
        monkeypatch.delitem(sys.modules, name)


@pytest.mark.parametrize("words", _helps())
def test_every_help_speaks_the_readers_language(cli, speak_pseudo: Pseudo,
                                                cli_imported_anew: None,
                                                record_words: RecordText,
                                                words: tuple[str, ...]) -> None:
    done = cli(*words, "--help")
    assert done.code == 0, done.stderr
    _fail_on_english(f"iepcheck {' '.join(words)} --help", done.stdout, record_words)


@pytest.mark.parametrize(("name", "args"), [
    pytest.param(name, args, id=name) for name, args in ERRORS])
def test_every_error_speaks_the_readers_language(cli, speak_pseudo: Pseudo, example: Path,
                                                 record_words: RecordText, name: str,
                                                 args: tuple[str, ...]) -> None:
    done = cli(*_argv(args, example))
    assert done.code == 2, f"{name}: exit {done.code}: {done.stdout}{done.stderr}"
    line = done.stderr.removeprefix("iepcheck: error: ")  # the program's name, in every language
    _fail_on_english(name, line, record_words)


def test_the_checker_finds_english_outside_the_markers(record_words: RecordText) -> None:
    """The test itself: a wrapped sentence passes, the record's own words pass, English fails."""
    assert not english_left("⟦Due as of ⟦20 ⟦Nov⟧ 2026⟧⟧ speech ms-lee #3 Maya Rivera",
                            record_words)
    assert not english_left("⟦outer ⟦inner⟧ outer⟧ ⟦Wrote⟧ /tmp/x.html", record_words)
    left = english_left("⟦Vencido⟧ Check these services", record_words)
    assert len(left) == 1 and left[0].endswith("-> Check these services")


def test_the_pseudo_catalogue_holds_every_wrapped_message(pseudo: Pseudo) -> None:
    from iepcheck.cli import HELP

    assert pseudo.gettext(HELP) == _mark(HELP)


#: What scripts read: the same bytes in every language.
MACHINE_RUNS = [
    ("report", "--format", "json", *PLAN_ARGS),
    ("report", "--format", "csv", *PLAN_ARGS),
    ("report", "-o", "{dir}/out.json", *PLAN_ARGS),
    ("report", "--output={dir}/out.csv", *PLAN_ARGS),
    ("due", "--format", "json", *PLAN_ARGS),
    ("items", "--format", "json", "--plan", "{plan}"),
    ("history", "--format=json", *PLAN_ARGS),
    ("timeline", "--format", "csv", *PLAN_ARGS),
    ("caseload", "{dir}", "--format", "json", "--as-of", AS_OF),
    ("caseload", "{dir}", "--format", "csv", "--as-of", AS_OF),
    ("reconcile", "--format", "json", *PLAN_ARGS),
    ("reconcile", "--format", "csv", *PLAN_ARGS),
]


@pytest.mark.parametrize("args", [pytest.param(a, id=" ".join(a[:3])) for a in MACHINE_RUNS])
def test_json_and_csv_are_the_same_bytes_in_every_language(
        cli, speak_pseudo: Pseudo, example: Path, monkeypatch: pytest.MonkeyPatch,
        args: tuple[str, ...]) -> None:
    argv = _argv(args, example)
    written = [Path(a.split("=", 1)[-1]) for a in argv if a.endswith((".json", ".csv"))]
    outputs = []
    for language in ("en", "es"):
        monkeypatch.setenv("LANGUAGE", language)
        done = cli(*argv)
        assert done.code in (0, 1), done.stderr
        outputs.append(written[0].read_bytes() if written else done.stdout.encode())
        assert OPEN not in outputs[-1].decode() + done.stderr
    assert outputs[0] == outputs[1]
    assert outputs[0].strip()


def test_only_json_and_csv_runs_are_machine_readable() -> None:
    from iepcheck.cli.output_format import machine_readable

    assert machine_readable(["report", "--format", "JSON"])
    assert machine_readable(["report", "-o", "x.csv"])
    assert machine_readable(["caseload", ".", "--output=x.json"])
    assert not machine_readable(["report", "--format", "html"])
    assert not machine_readable(["report", "-o", "x.md", "--note", "x.json"])
    assert not machine_readable(["log", "--note", "--format json"])
