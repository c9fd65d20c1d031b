"""The commented plan `iepcheck init` writes: a parent fills it in from the IEP or 504 document."""

STARTER_PLAN = '''\
# iepcheck plan: copy what your child's IEP or 504 plan says into this file.
# Lines starting with # are notes for you; iepcheck keeps them.
# Dates are written YYYY-MM-DD without quotes. Intervals are "7d" (days) or "2w" (weeks).

[student]
name = "Your child's name"     # required
school = ""
grade = ""

[parent]                       # optional: signs the emails iepcheck drafts
name = ""
email = ""

[plan]
id = "{plan_id}"  # names this plan for good; leave it as it is
kind = "IEP"                   # "IEP" or "504"
start = 2026-08-24             # the date the plan took effect
end = 2027-08-23               # the annual review is due by this date
check_every = "7d"             # look for evidence of every item at least this often
reply_within = "3d"            # an email to staff unanswered after this is overdue
progress_reports = []          # dates the school sends IEP progress reports

[calendar]                     # school days, for counting service minutes
school_days = ["mon", "tue", "wed", "thu", "fri"]
no_school = []                 # holidays: 2026-11-26 or "2026-12-21..2027-01-01"

# One [[staff]] table per person. The id is a short name you type: lowercase, digits, hyphens.
# [[staff]]
# id = "ms-lee"
# name = "Ms. Lee"
# role = "4th grade teacher"
# email = "lee@school.example.org"
# case_manager = true          # mark one person: overdue replies escalate to them

# Services: add them with `iepcheck add-item service NAME --minutes 30 --times 2 --per week`
# or write the table yourself:
# [[services]]
# id = "speech"
# name = "Speech and language therapy"
# minutes = 30                 # per session
# times = 2                    # sessions per `per`
# per = "week"                 # "day", "week" or "month"
# location = "Pull-out, speech room"
# provider = "mr-ortiz"        # a staff id or a name

# Accommodations: `iepcheck add-item accommodation NAME --staff ms-lee`
# [[accommodations]]
# id = "extended-time"
# name = "Extended time (1.5x) on tests"
# applies_to = ["math", "science"]
# staff = ["ms-lee"]           # staff ids of who must provide it
'''


def starter_plan(plan_id: str) -> str:
    """The starter plan with its id (a UUID `init` makes): calendar event UIDs derive from
    it, so they survive renaming the student (docs/bundle.md, "Calendar")."""
    return STARTER_PLAN.replace("{plan_id}", plan_id)
