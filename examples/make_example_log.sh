#!/usr/bin/env bash
# Rebuilds examples/plan.log.json: one term of Maya's observations, recorded with iepcheck
# itself (as of 2026-11-20), so that `iepcheck report --plan examples/plan.toml` shows every
# status. Run from the repository root: bash examples/make_example_log.sh
set -euo pipefail
cd "$(dirname "$0")"
rm -rf plan.log.json plan.log.json.*.bak plan.evidence .plan.log.json.lock
log() { iepcheck log "$@" --plan plan.toml --as-of 2026-11-20 >/dev/null; }

# Speech: the provider's log and Maya's word, week after week (ok).
log speech -k service-log -d 2026-09-30 --minutes 240 --who mr-ortiz --note "September log: 8 sessions"
log speech -k service-log -d 2026-10-30 --minutes 150 --who mr-ortiz --attach originals/speech-log-october.txt --note "October log: 5 sessions held"
log speech -k service-log -d 2026-10-13 --finding not-implemented --reason cancelled --minutes 30 --who mr-ortiz --note "Cancelled for a staff meeting (from the October log)"
log speech -k interview -d 2026-11-03 --note "Maya: went to speech Tuesday, practised /r/"
log speech -k service-log -d 2026-11-17 --minutes 30 --who mr-ortiz
log speech -k service-log -d 2026-11-19 --minutes 30 --who mr-ortiz

# OT: sessions at first, then the therapist was out and nobody covered (not-implemented).
log ot -k service-log -d 2026-09-25 --minutes 120 --who ms-chen --note "Sept: 4 sessions"
log ot -k call -d 2026-10-28 --finding implemented --who ms-chen --note "Ms. Chen confirmed October sessions" --minutes 90
log ot -k interview -d 2026-11-13 --finding not-implemented --reason provider-absent --minutes 30 --note "Maya: no OT this week, Ms. Chen is away"
log ot -k interview -d 2026-11-20 --finding not-implemented --reason provider-absent --minutes 30 --note "No OT again; no substitute"

# Reading: done daily per the progress report, but only partly as written (partial). The
# progress report also measures both annual goals: reading fluency behind, reversals on track.
log reading -k service-log --from 2026-08-24 --to 2026-10-30 --minutes 2160 --who mrs-patel --note "Resource room log, 24 Aug to 30 Oct: 48 sessions of 45 min"
log reading reading-fluency=66 reversals=9 -k progress-report -d 2026-11-13 --finding implemented --who mrs-patel --note "Q1 progress report: 42 of 45 min daily; 66 wcpm; 9 reversals"
log reading -k visit -d 2026-11-18 --finding partial --minutes 25 --who mrs-patel --note "Observed: group started 20 minutes late"

# Counseling: nothing yet (no-evidence). Social skills group: starts in January (inactive).

# Extended time: the teacher said yes, the quiz says no (not-implemented).
log -k email-sent -d 2026-11-09 --who ms-lee --note "Asked whether Maya gets 1.5x time on quizzes"
log extended-time -k email-received -d 2026-11-10 --finding implemented --who ms-lee --reply-to 14 --note "Yes, she always gets extra time"
log extended-time -k work-sample -d 2026-11-18 --finding not-implemented --who ms-lee --note "Math quiz marked 'time up' at 40 minutes, same as the class"

# Seating, read-aloud, check-in: seen in class (ok).
log seating read-aloud -k visit -d 2026-11-16 --who ms-lee --note "Classroom visit: front row, test read aloud by aide"
log check-in -k interview -d 2026-11-19 --note "Maya checks in with Mrs. Patel every morning"
log check-in -k meeting -d 2026-10-01 --finding implemented --who mrs-patel --note "Check-in meeting: routine set up"

# Notes and chunking: evidence, but not for weeks (stale).
log notes chunking -k work-sample -d 2026-10-09 --note "Guided notes for the water cycle unit; worksheet split in parts"

# Planner: initialed some days only (partial).
log planner -k work-sample -d 2026-11-19 --finding partial --note "Planner initialed Mon and Wed, not Tue/Thu/Fri"

# Breaks, separate room: nothing yet (no-evidence). An unanswered email to Mrs. Patel.
log -k email-sent -d 2026-11-12 --who mrs-patel --note "Asked where Maya takes unit tests"

# Absences (no services owed those days), a general note, and a correction.
log -k absence -d 2026-10-21 --note "Sick (fever)"
log -k absence -d 2026-11-04 --note "Dentist, whole day"
log -k note -d 2026-11-05 --finding unclear --note "Back-to-school night: teacher unsure which accommodations apply in art"
log chunking -k visit -d 2026-11-16 --who ms-lee --note "Saw chunked worksheet"
iepcheck retract 26 --reason "It was the regular worksheet; I confused it with last month's" --plan plan.toml --as-of 2026-11-20 >/dev/null
rm -f .plan.log.json.lock plan.log.json.*.bak
echo "wrote $(pwd)/plan.log.json"
