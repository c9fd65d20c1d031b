"""The red-team figures: run every hostile-input test and count how each case ended.

    python tests/redteam_table.py          (from the repository root, in the test venv)

Rows are what was tried; a case is one test case (one parametrization), a fuzz row counts
the commands run on damaged input. Columns: handled cleanly (refused with one line and
nothing written, or the documented behaviour), traceback, wrong (a wrong exit status or
message, an escape reaching the terminal, or tampering verify should catch and did not),
lost (a file changed that a refusal or a read must leave alone). This is a script, not a
test: it prints figures and asserts nothing about timing.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

S, O, E, V, R, I, D = ("tests/test_storage.py::", "tests/test_output_safety.py::",
                       "tests/test_cli_evidence.py::", "tests/test_verify.py::",
                       "tests/test_redteam.py::", "tests/test_email_import.py::",
                       "tests/test_draft.py::")

#: Where each case of the red-team list is tested, by category (node ids; every
#: parametrization of a test counts as a case).
CASES: dict[str, list[str]] = {
    "outputs and backups": [
        S + "test_no_output_lands_on_the_record",
        S + "test_every_spelling_of_the_record_is_refused",
        S + "test_draft_email_record_checks_its_output_before_writing_anything",
        R + "test_draft_email_record_never_writes_its_draft_onto_the_record",
        S + "test_refuse_protected_compares_real_paths",
        S + "test_a_users_own_backup_is_never_pruned_or_listed",
        S + "test_a_log_moved_away_from_its_backups_is_refused",
        S + "test_a_new_log_is_started_once_the_backups_are_moved_aside",
        S + "test_a_users_own_backup_beside_a_missing_log_is_named",
        S + "test_a_dangling_link_as_log_is_refused",
        S + "test_a_read_only_log_is_refused",
        S + "test_a_read_only_plan_is_refused",
        S + "test_stale_temp_files_are_cleared_on_the_next_write",
        R + "test_a_full_disk_during_a_mailbox_import_records_nothing_and_says_so",
        R + "test_a_full_disk_while_keeping_an_original_records_nothing",
        R + "test_an_output_onto_a_device_pipe_or_link_to_one_is_refused",
        R + "test_a_write_that_lands_during_the_fsync_stops_the_write",
        R + "test_the_chart_library_folder_is_private_under_umask_000",
        R + "test_a_killed_bundle_leaves_no_copy_once_the_next_write_runs",
        R + "test_a_mailbox_import_keeps_no_scratch_in_tmpdir_and_clears_a_killed_ones",
        R + "test_a_full_tmpdir_does_not_stop_a_mailbox_import",
        R + "test_draft_email_record_on_a_full_disk_leaves_no_draft_and_one_line",
    ],
    "damaged inputs": [
        S + "test_a_link_loop_as_log_is_one_line",
        S + "test_a_link_loop_as_plan_is_one_line",
        S + "test_a_pipe_or_device_as_log_is_refused",
        S + "test_a_pipe_or_device_as_plan_is_refused",
        S + "test_a_pipe_or_device_as_attachment_is_refused",
        S + "test_a_version_that_is_not_a_whole_number_is_refused",
        S + "test_verify_refuses_a_version_it_does_not_read",
        S + "test_an_unreadable_attachment_is_not_called_missing",
        S + "test_verify_says_unreadable_for_a_folder_it_may_not_read",
        S + "test_an_empty_log_without_backups_is_still_an_error",
        E + "test_a_pipe_a_device_or_an_oversized_file_is_refused_before_reading",
        E + "test_a_mailbox_reports_each_refusal_and_a_summary",
        E + "test_every_message_refused_exits_2_and_writes_nothing",
        O + "test_a_plan_saved_with_a_byte_order_mark_reads",
        O + "test_a_deeply_nested_plan_is_one_line_not_a_traceback",
        O + "test_add_item_refuses_out_of_bounds_values_before_writing",
        O + "test_add_item_refuses_a_blank_name",
        O + "test_dates_outside_1900_to_2200_are_one_line",
        O + "test_days_ago_near_the_first_year_does_not_overflow",
        I + "test_impossible_dates_are_refused_not_guessed",
        I + "test_deeply_nested_parts_refuse_the_message_not_the_import",
        I + "test_malformed_headers_never_raise",
        R + "test_year_9999_in_the_plan_is_one_line",
        R + "test_years_1_and_9999_on_the_command_line_are_one_line",
        R + "test_a_student_name_of_only_spaces_is_one_line",
        R + "test_integers_beyond_64_bits_are_one_line_or_handled",
        R + "test_a_bom_and_nul_in_the_plan",
        R + "test_a_message_nested_a_thousand_parts_deep",
        R + "test_a_year_0001_date_in_a_single_message_is_one_line",
        R + "test_log_versions_below_one_and_above_this_ones_are_refused",
        R + "test_verify_names_the_version_it_reads_in_its_refusal",
        R + "test_a_file_name_that_is_not_utf8_never_locks_the_log",
        R + "test_a_log_an_earlier_version_wrote_with_such_a_name_reads_unchanged",
        R + "test_a_plan_whose_name_is_not_utf8_refuses_an_attachment_before_writing",
        R + "test_a_clock_outside_1900_to_2200_is_one_line_and_writes_nothing",
        R + "test_bundle_entry_names_fit_in_255_bytes",
        R + "test_every_locale_prints_or_replaces_never_a_traceback",
        "tests/test_windows_files.py",
    ],
    "injection": [
        O + "test_markup_in_the_plan_and_log_is_printed_as_text",
        O + "test_cells_are_text_even_on_a_console_that_reads_markup",
        O + "test_import_email_messages_show_a_subjects_escape_codes",
        O + "test_timeline_markdown_printed_carries_no_escape_or_html",
        O + "test_no_text_injects_an_icalendar_property_even_under_python_O",
        O + "test_the_calendar_reads_in_an_independent_parser",
        O + "test_the_plan_refuses_what_could_break_an_output",
        O + "test_a_recorded_entry_is_echoed_with_its_control_characters_shown",
        O + "test_csv_cell_is_the_owasp_rule",
        I + "test_a_message_id_in_a_body_never_makes_a_later_message_look_imported",
        D + "test_names_with_commas_quotes_and_line_breaks_stay_one_quoted_header",
        D + "test_draft_email_with_a_bad_staff_address_exits_2_and_writes_nothing",
        R + "test_draft_email_refuses_names_and_addresses_that_would_add_a_header",
        R + "test_a_student_name_with_a_line_break_never_reaches_the_calendar",
        R + "test_a_message_id_line_in_a_body_does_not_make_a_later_message_a_duplicate",
        R + "test_escapes_in_an_imported_email_are_shown_in_every_output",
        R + "test_csv_formulas_in_every_form_are_text_in_report_and_timeline",
        R + "test_markdown_links_and_images_in_a_note_are_text_in_the_timeline",
        R + "test_an_encoded_word_in_plan_text_never_reaches_an_eml",
        R + "test_merge_copy_shows_a_copys_name_with_its_escapes_never_sends_them",
        R + "test_a_different_email_with_a_known_message_id_is_recorded_with_a_warning",
        R + "test_every_generated_header_block_holds_only_the_headers_set",
        R + "test_two_different_messages_with_one_message_id_in_one_mailbox_are_both_recorded",
        R + "test_a_message_already_in_a_second_authors_log_is_named_by_its_own_reference",
    ],
    "tamper": [
        "tests/test_verify.py",
        R + "test_tampering_is_caught_when_anything_witnessed_the_log",
        R + "test_a_receipt_for_an_entry_beyond_the_log_says_entries_were_removed",
        R + "test_values_no_iepcheck_writes_fail_verify_not_crash_it",
        R + "test_a_receipt_quoted_in_a_reply_catches_a_resealed_log_in_any_encoding",
        R + "test_a_siblings_receipt_in_an_email_kept_in_both_records_is_no_false_alarm",
        R + "test_a_receipt_drafted_on_a_conflict_copy_is_no_false_alarm",
        R + "test_a_receipt_of_a_merged_copy_is_no_false_alarm_once_the_copy_is_deleted",
        R + "test_an_edit_of_the_log_is_never_excused_by_a_copy_beside_it",
        R + "test_an_old_receipt_naming_no_record_matches_its_own_and_is_no_alarm_in_a_siblings",
        R + "test_a_siblings_receipt_is_said_to_be_the_siblings",
        R + "test_the_original_planted_as_another_record_excuses_no_rewrite",
        R + "test_a_bundle_of_a_record_holding_a_siblings_receipt_says_verify_ok",
        "tests/test_witnesses.py",
    ],
}
FUZZ = "tests/test_fuzz.py"
COLUMNS = ("tried", "handled cleanly", "traceback", "wrong", "lost")


class Collector:
    """A pytest plugin: how each case ended, by node id."""

    def __init__(self) -> None:
        self.ended: dict[str, str] = {}

    def pytest_runtest_logreport(self, report) -> None:
        if report.when == "call" or (report.when == "setup" and not report.passed):
            self.ended[report.nodeid] = "handled" if report.passed else _failure(report)


def _failure(report) -> str:
    text = str(report.longrepr)
    if "lost: changed" in text:
        return "lost"
    if "AssertionError" in text or "assert " in text:
        return "traceback" if "traceback: " in text else "wrong"
    return "traceback"


def category_of(nodeid: str) -> str | None:
    for category, prefixes in CASES.items():
        if any(nodeid == p or nodeid.startswith((p + "[", p + "::")) for p in prefixes):
            return category
    return None


def undetectable(nodeid: str) -> bool:
    """Tamper verify cannot see by design: the last entry removed, or the log resealed from
    the top, with no backup and no receipt anywhere (the test checks verify says OK)."""
    return ("test_tampering_is_caught" in nodeid and "[none-" in nodeid
            and ("last removed" in nodeid or "resealed" in nodeid))


def main() -> int:
    import pytest

    from tests.hostile import TALLY

    collector = Collector()
    targets = sorted({p.split("::")[0] for ps in CASES.values() for p in ps} | {FUZZ})
    pytest.main(["-q", "-p", "no:cacheprovider", "--no-header", "-o", "addopts=", *targets],
                 plugins=[collector])
    unmatched = [p for ps in CASES.values() for p in ps
                 if not any(n == p or n.startswith((p + "[", p + "::")) for n in collector.ended)]
    for prefix in unmatched:
        print(f"warning: no test case found for {prefix}", file=sys.stderr)
    rows: dict[str, Counter[str]] = {c: Counter() for c in CASES}
    for nodeid, ended in collector.ended.items():
        category = category_of(nodeid)
        if category is not None:
            rows[category][ended] += 1
    for (what, ended), count in sorted(TALLY.items()):
        rows.setdefault(f"{what} (commands run)", Counter())[ended] += count
    print(f"\n| category | {' | '.join(COLUMNS)} |")
    print("|---|" + "---:|" * len(COLUMNS))
    total: Counter[str] = Counter()
    for category, counts in rows.items():
        cells = [sum(counts.values()), counts["handled"], counts["traceback"], counts["wrong"],
                 counts["lost"]]
        total.update(counts)
        print(f"| {category} | {' | '.join(f'{c:,}' for c in cells)} |")
    print(f"| **total** | {sum(total.values()):,} | {total['handled']:,} | {total['traceback']:,}"
          f" | {total['wrong']:,} | {total['lost']:,} |")
    blind = sum(1 for nodeid in collector.ended if undetectable(nodeid))
    print(f"\nOf the tamper cases, {blind} are ones no check can show (the last entry removed, "
          "or the whole chain resealed, with no dated backup and no receipt): verify says OK "
          "on them, as documented; each is caught once a backup or a receipt exists.")
    return 0


if __name__ == "__main__":
    import os

    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
