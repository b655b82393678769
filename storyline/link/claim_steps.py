"""Steps and conflicts of a claim over time: new, unchanged, changed; updates, contradictions.

Statements are grouped by the date they were published (the day the statement was made
or reported; undated ones take no step). On the first date every clear statement is
``new``. On a later date a statement is ``unchanged`` when its stance equals the majority
stance of the most recent earlier date, else ``changed``. Votes are counted per article
and only for originals: a copy (reason ``copy of ...``) carries its outlet's statement but
adds no support. Each statement also gets its outlet's own step (reason ``outlet new`` /
``outlet unchanged`` / ``outlet changed``), compared with that outlet's previous statement.

Conflicts between originals:

* **contradiction** -- different outlets take opposite stances on the same state: the
  periods their statements speak for overlap (see :func:`statement_periods`), and the later
  one does not supersede the earlier. Each outlet is compared through its latest word only,
  so an outlet that changed its line is not held to its older statement. Agreement never
  counts;
* **update** -- a statement reporting a change that holds on its day (its stance is that
  day's majority) supersedes the statement of the previous majority, and the same outlet's
  previous statement when the outlet changed its line. A later statement that speaks about
  the earlier statement's own time (it names an earlier date) disputes it rather than
  supersedes it: that pair is a contradiction, not an update.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

from storyline.config import Settings
from storyline.link.timeline import date_range
from storyline.models import Claim, ClaimConflict, ClaimStatement, Stance

COPY_REASON = "copy of "
ABOUT_REASON = "about "
INFERRED_REASON = "published {date} (inferred)"
_INFERRED_PREFIX, _INFERRED_SUFFIX = INFERRED_REASON.split("{date}")
_LATE = "9999"


def is_copy(statement: ClaimStatement) -> bool:
    return any(r.startswith(COPY_REASON) for r in statement.reasons)


def _inferred_date(statement: ClaimStatement) -> str | None:
    for reason in statement.reasons:
        if reason.startswith(_INFERRED_PREFIX) and reason.endswith(_INFERRED_SUFFIX):
            return reason[len(_INFERRED_PREFIX) : len(reason) - len(_INFERRED_SUFFIX)]
    return None


def _order_key(statement: ClaimStatement) -> tuple[str, str, int]:
    """Date order; an undated statement sorts by its inferred publication date if any."""
    date = statement.date or _inferred_date(statement) or _LATE
    return (date, statement.article_id, statement.start)


#: Stances that take a side; "unclear" and "discusses" report or question without one.
SIDES = frozenset(["supports", "refutes"])


def contradicts(a: Stance, b: Stance) -> bool:
    """Two stances on one claim that take opposite sides (what makes a contradiction)."""
    return a in SIDES and b in SIDES and a != b


def _clear(statement: ClaimStatement) -> bool:
    return statement.stance in SIDES and "earlier-state" not in statement.reasons


def _majority(stances: Iterable[Stance]) -> Stance | None:
    counts = Counter(stances).most_common()
    if not counts or (len(counts) > 1 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]


def _article_votes(
    statements: Sequence[ClaimStatement], indices: Iterable[int]
) -> dict[str, tuple[Stance, int]]:
    """Each original article's stance on one day (the majority of its clear statements,
    ties going to the first) and the statement that speaks for it."""
    by_article: dict[str, list[int]] = {}
    for i in indices:
        s = statements[i]
        if _clear(s) and not is_copy(s):
            by_article.setdefault(s.article_id, []).append(i)
    votes: dict[str, tuple[Stance, int]] = {}
    for article_id, members in by_article.items():
        stance = _majority(statements[i].stance for i in members) or statements[members[0]].stance
        votes[article_id] = (stance, next(i for i in members if statements[i].stance == stance))
    return votes


def label_steps(claim: Claim, settings: Settings) -> Claim:
    """Order statements by date, label each step and find updates and contradictions."""
    del settings  # the rule needs no knob today; kept so callers need not change
    claim.statements.sort(key=_order_key)
    statements = claim.statements
    by_date: dict[str, list[int]] = {}
    for i, s in enumerate(statements):
        if s.date is not None:
            by_date.setdefault(s.date, []).append(i)
    days = sorted(by_date)
    votes = {day: _article_votes(statements, by_date[day]) for day in days}
    majority = {day: _majority(v[0] for v in votes[day].values()) for day in days}
    first_day = next((d for d in days if any(_clear(statements[i]) for i in by_date[d])), None)
    previous: dict[str, tuple[str, Stance] | None] = {}
    established: tuple[str, Stance] | None = None
    for day in days:  # the most recent earlier day with a majority, per day
        previous[day] = established
        if (held := majority[day]) is not None:
            established = (day, held)

    for s in statements:
        s.step = None
        s.reasons = [r for r in s.reasons if not r.startswith("outlet ")]
        if s.date is None or "earlier-state" in s.reasons:
            continue
        before = previous[s.date]
        if s.stance not in SIDES:
            s.step = "unchanged" if before and "no-change" in s.reasons else None
        elif s.date == first_day or before is None:
            s.step = "new"
        else:
            s.step = "unchanged" if s.stance == before[1] else "changed"
    _outlet_steps(statements)
    changes = {
        d: m for d in days if (m := majority[d]) and (p := previous[d]) is not None and m != p[1]
    }
    periods = statement_periods(statements, votes, changes)
    contradictions = _contradictions(statements, votes, periods)
    disputed = {(c.earlier, c.later) for c in contradictions}
    claim.conflicts = contradictions + [
        c
        for c in _updates(statements, days, votes, majority, previous)
        if (c.earlier, c.later) not in disputed
    ]
    claim.conflicts.sort(key=lambda c: (c.later, c.earlier, c.kind))
    return claim


def _outlet_steps(statements: Sequence[ClaimStatement]) -> None:
    last: dict[str, Stance] = {}
    for s in statements:
        if not _clear(s):
            continue
        outlet = s.outlet or s.article_id
        before = last.get(outlet)
        step = "new" if before is None else ("unchanged" if s.stance == before else "changed")
        s.reasons.append(f"outlet {step}")
        last[outlet] = s.stance


Period = tuple[dt.date, dt.date]
_OPEN = dt.date.max


def _first_day(value: str | None) -> dt.date | None:
    span = date_range(value, "day") if value else None
    return span[0] if span else None


def _mentioned_start(statement: ClaimStatement) -> dt.date | None:
    """The earliest day among the dates the statement mentions (reasons ``about <date>``)."""
    days = [
        _first_day(r[len(ABOUT_REASON) :]) for r in statement.reasons if r.startswith(ABOUT_REASON)
    ]
    known = [d for d in days if d is not None]
    return min(known) if known else None


def statement_periods(
    statements: Sequence[ClaimStatement],
    votes: dict[str, dict[str, tuple[Stance, int]]],
    changes: dict[str, Stance],
) -> dict[int, Period]:
    """The days each voting statement speaks for, first and last inclusive.

    It starts on its publication day, or earlier on the earliest day it mentions ("lifted on
    Monday" speaks for Monday). It lasts until the next change of state known from the track
    -- a day whose majority differs from the one before (``changes``: day -> new stance) --
    that is, until the day before the earliest day the statements reporting the change speak
    for; never less than its own publication day. Without a later change it has no end: what
    a report says holds until the track records a change.
    """
    starts: dict[int, tuple[dt.date, dt.date]] = {}  # vote -> (start, published)
    for day_votes in votes.values():
        for _, i in day_votes.values():
            published = _first_day(statements[i].date)
            if published is not None:
                mentioned = _mentioned_start(statements[i])
                starts[i] = (min(published, mentioned) if mentioned else published, published)
    boundaries = []  # (day of the change, first day the new state is said to hold)
    for day, stance in changes.items():
        changed_on = _first_day(day)
        holding = [starts[i][0] for s, i in votes[day].values() if s == stance and i in starts]
        if changed_on is not None:
            boundaries.append((changed_on, min(holding, default=changed_on)))
    out: dict[int, Period] = {}
    for i, (start, published) in starts.items():
        later = [b for c, b in sorted(boundaries) if c > published]
        end = max(published, later[0] - dt.timedelta(days=1)) if later else _OPEN
        out[i] = (start, end)
    return out


def _overlap(a: Period, b: Period) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _contradictions(
    statements: Sequence[ClaimStatement],
    votes: dict[str, dict[str, tuple[Stance, int]]],
    periods: dict[int, Period],
) -> list[ClaimConflict]:
    """Opposite stances of different outlets whose periods overlap. A statement is compared
    with the other outlets' statements of its own day, and with the latest earlier word of
    each outlet silent that day."""
    out = []
    latest: dict[str, tuple[Stance, int]] = {}  # outlet -> its latest vote on earlier days
    for day in sorted(votes):
        today = sorted((i, stance) for stance, i in votes[day].values())
        speaking = {statements[i].outlet or statements[i].article_id for i, _ in today}
        for n, (j, stance_b) in enumerate(today):
            b = statements[j]
            outlet_b = b.outlet or b.article_id
            earlier = [(i, s) for i, s in today[:n]] + sorted(
                (i, s) for o, (s, i) in latest.items() if o not in speaking
            )
            for i, stance_a in earlier:
                a = statements[i]
                if (a.outlet or a.article_id) == outlet_b or not contradicts(stance_a, stance_b):
                    continue
                if i in periods and j in periods and _overlap(periods[i], periods[j]):
                    when = a.date if a.date == b.date else f"{a.date} to {b.date}"
                    note = f"{a.outlet} and {b.outlet} disagree about {when}"
                    out.append(ClaimConflict("contradiction", min(i, j), max(i, j), note))
        for i, stance in today:
            latest[statements[i].outlet or statements[i].article_id] = (stance, i)
    return out


def _updates(
    statements: Sequence[ClaimStatement],
    days: Sequence[str],
    votes: dict[str, dict[str, tuple[Stance, int]]],
    majority: dict[str, Stance | None],
    previous: dict[str, tuple[str, Stance] | None],
) -> list[ClaimConflict]:
    out: list[ClaimConflict] = []
    seen: set[tuple[int, int]] = set()
    last_by_outlet: dict[str, tuple[Stance, int]] = {}

    def add(i: int, j: int) -> None:
        if (i, j) in seen:
            return
        seen.add((i, j))
        earlier, later = statements[i], statements[j]
        note = (
            f"{later.stance} from {later.date} ({later.outlet}) supersedes {earlier.stance} "
            f"from {earlier.date} ({earlier.outlet})"
        )
        out.append(ClaimConflict("update", i, j, note))

    for day in days:
        before = previous[day]
        holds = majority[day]
        for stance, j in sorted(votes[day].values(), key=lambda v: v[1]):
            outlet = statements[j].outlet or statements[j].article_id
            prior = last_by_outlet.get(outlet)
            if holds is not None and stance == holds:
                if before is not None and stance != before[1]:
                    rep = _representative(statements, votes[before[0]], before[1])
                    if rep is not None:
                        add(rep, j)
                if prior is not None and prior[0] != stance:
                    add(prior[1], j)
        for stance, j in votes[day].values():
            last_by_outlet[statements[j].outlet or statements[j].article_id] = (stance, j)
    return out


def _representative(
    statements: Sequence[ClaimStatement], day_votes: dict[str, tuple[Stance, int]], stance: Stance
) -> int | None:
    """The last statement of a day that held ``stance`` (the one a change supersedes)."""
    held = [j for s, j in day_votes.values() if s == stance]
    return max(held) if held else None
