"""The command line in Spanish: a parent who reads Spanish gets every refusal, prompt and
message of the shell in Spanish, with the option names, ids and kinds they type unchanged."""

from pathlib import Path

from tests.conftest import AS_OF, run_process

SPANISH = {"LANGUAGE": "es"}


def test_a_refused_option_says_why_in_spanish(example_plan: Path) -> None:
    done = run_process("report", "--plan", example_plan, "--as-of", AS_OF,
                       "--until", "2099-01-01", env=SPANISH)
    assert done.code == 2 and done.stdout == ""
    assert done.stderr == (f"iepcheck: error: --until: 2099-01-01 es posterior a {AS_OF} (hoy, "
                           "o --as-of); un informe cubre lo que ya pasó\n")


def test_an_unknown_staff_member_lists_the_plans_staff_in_spanish(example_plan: Path) -> None:
    done = run_process("letter", "meeting-request", "nobody", "--plan", example_plan,
                       "--as-of", AS_OF, env=SPANISH)
    assert done.code == 2
    assert "'nobody' no es un miembro del personal del plan" in done.stderr
    assert "ms-lee" in done.stderr  # ids stay as the plan spells them


def test_a_usage_error_points_to_the_help_in_spanish() -> None:
    done = run_process("history", "--last", "x", env=SPANISH)
    assert done.code == 2
    assert done.stderr.rstrip().endswith("(vea 'iepcheck history --help')")


def test_settings_are_described_in_spanish(tmp_path: Path) -> None:
    done = run_process("config", env={**SPANISH, "XDG_CONFIG_HOME": str(tmp_path)})
    assert done.code == 0
    assert "(todavía no se ha escrito)" in done.stdout
    assert "author: sin definir: usted es el dueño y escribe PLAN.log.json" in done.stdout


def test_the_same_commands_read_english_without_a_language(example_plan: Path) -> None:
    done = run_process("report", "--plan", example_plan, "--as-of", AS_OF,
                       "--until", "2099-01-01", env={"LANGUAGE": "en"})
    assert "is after" in done.stderr and "posterior" not in done.stderr
