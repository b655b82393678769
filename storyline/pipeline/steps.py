"""What each analysis step needs and provides, and the check that their order works.

A step declares the :class:`~storyline.models.Article` fields it reads (``needs``) and the
ones it sets (``provides``), as a spaCy component declares ``requires`` and ``assigns``.
:func:`ordered_steps` builds the pipeline's step list and refuses an order in which a step
would read a field that neither :func:`~storyline.pipeline.prepare_article` nor an earlier
step has set, so the order is checked when the pipeline is built, not kept by a comment.

>>> first = Step("first", lambda a, d, s: a, needs=("text",), provides=("mentions",))
>>> second = Step("second", lambda a, d, s: a, needs=("mentions",), provides=("quotes",))
>>> [s.name for s in ordered_steps(first, second)]
['first', 'second']
>>> ordered_steps(second, first)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
storyline.errors.PipelineError: [E600] the second step needs mentions, which no step before it provides (prepared: ...); put it after the step that provides them
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.config import Settings
from storyline.errors import Errors, PipelineError
from storyline.models import Article

if TYPE_CHECKING:
    from spacy.tokens import Doc

AnalysisStep = Callable[[Article, "Doc", Settings], Article]

#: The article fields :func:`~storyline.pipeline.prepare_article` sets before any step runs.
PREPARED: tuple[str, ...] = ("id", "source", "raw", "text", "meta", "removed", "warnings")

_FIELDS = frozenset(f.name for f in dataclasses.fields(Article))


@dataclass(frozen=True)
class Step:
    """One analysis step: its name, its function and its contract.

    ``run(article, doc, settings)`` returns the article with the fields in ``provides`` set;
    it reads only the fields in ``needs`` (and the spaCy ``Doc``).
    """

    name: str
    run: AnalysisStep
    needs: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = [f for f in (*self.needs, *self.provides) if f not in _FIELDS]
        if unknown:
            raise PipelineError(
                Errors.E601(
                    name=self.name,
                    unknown=", ".join(unknown),
                    verb="is" if len(unknown) == 1 else "are",
                )
            )


def ordered_steps(*steps: Step, prepared: tuple[str, ...] = PREPARED) -> tuple[Step, ...]:
    """``steps`` as a tuple, after checking each needs only what comes before it.

    Raises :class:`~storyline.errors.PipelineError` naming the first step whose needs are
    not met, or a step name given twice.
    """
    available = set(prepared)
    seen: set[str] = set()
    for step in steps:
        if step.name in seen:
            raise PipelineError(Errors.E602(name=step.name))
        seen.add(step.name)
        missing = [field for field in step.needs if field not in available]
        if missing:
            raise PipelineError(
                Errors.E603(
                    name=step.name, missing=", ".join(missing), prepared=", ".join(prepared)
                )
            )
        available.update(step.provides)
    return tuple(steps)
