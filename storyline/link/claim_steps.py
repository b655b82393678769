"""Steps and conflicts of a claim over time: new, unchanged, changed; updates, contradictions.

Statements are grouped by the date they were published (the day the statement was made
or reported; undated ones take no step). On the first date every clear statement is
``new``. On a later date a statement is ``unchanged`` when its stance equals the majority
stance of the most recent earlier date, else ``changed``. Votes are counted per article
and only for originals: a copy (reason ``copy of ...``) carries its outlet's statement but
adds no support. Each statement also gets its outlet's own step (reason ``outlet new`` /
``outlet unchanged`` / ``outlet changed``), compared with that outlet's previous statement.

Conflicts between originals:

* **contradiction** -- different outlets take opposite stances on the same day;
* **update** -- a statement reporting a change that holds on its day (its stance is that
  day's majority) supersedes the statement of the previous majority, and the same outlet's
  previous statement when the outlet changed its line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from storyline.config import Settings
from storyline.link.timeline import date_range
from storyline.models import Claim, ClaimConflict, ClaimStatement, Stance

COPY_REASON = "copy of "
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
    claim.conflicts = _contradictions(statements, votes) + _updates(
        statements, days, votes, majority, previous
    )
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


def _same_time(a: ClaimStatement, b: ClaimStatement) -> bool:
    """Statements about the same time: the same day, or date values whose ranges overlap."""
    if a.date == b.date:
        return True
    ra = date_range(a.date or "", "day") if a.date else None
    rb = date_range(b.date or "", "day") if b.date else None
    return bool(ra and rb and ra[0] <= rb[1] and rb[0] <= ra[1])


def _contradictions(
    statements: Sequence[ClaimStatement], votes: dict[str, dict[str, tuple[Stance, int]]]
) -> list[ClaimConflict]:
    out = []
    for day_votes in votes.values():
        ranked = sorted(day_votes.values(), key=lambda v: v[1])
        for n, (stance_a, i) in enumerate(ranked):
            for stance_b, j in ranked[n + 1 :]:
                a, b = statements[i], statements[j]
                if stance_a == stance_b or (a.outlet or a.article_id) == (b.outlet or b.article_id):
                    continue
                if _same_time(a, b):
                    note = f"{a.outlet} and {b.outlet} disagree about {a.date}"
                    out.append(ClaimConflict("contradiction", i, j, note))
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
