"""Fixing an article's metadata after it was stored: ``storyline set`` and manifests.

A manifest is a CSV or JSON Lines file named ``storyline-manifest.csv`` /
``storyline-manifest.jsonl`` (or ``manifest.csv`` / ``manifest.jsonl``) in a folder of
inputs. Each row names a ``file`` (relative to the manifest's folder) and any of
``outlet``, ``published``, ``url``, ``title``, ``author``; ``analyze`` gives those values
to the documents read from that file, before anything the file says itself.

:func:`set_article_metadata` changes stored values: the new values become part of the
stored raw document (so ``reanalyze`` keeps them), the article is analysed again (dates
resolve against the new publication date) and the link stage re-runs.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from storyline.config import Settings
from storyline.errors import Errors, InputError, QueryError
from storyline.iso_dates import is_iso_date
from storyline.models import IngestFailure, MetaValue, RawDocument, SourceRef
from storyline.store import Store
from storyline.store._reads import undated_sources

if TYPE_CHECKING:
    from spacy.language import Language

MANIFEST_NAMES = (
    "storyline-manifest.csv",
    "storyline-manifest.jsonl",
    "manifest.csv",
    "manifest.jsonl",
)
#: Fields a manifest may give; ``set`` changes all but ``url`` (part of the article id).
MANIFEST_FIELDS = ("outlet", "published", "url", "title", "author")
SETTABLE = ("outlet", "published", "title", "author")


def check_iso_date(value: str, where: str) -> str:
    """``value`` when it is an ISO date or datetime; else :class:`QueryError` naming it."""
    text = value.strip()
    if not is_iso_date(text):
        raise QueryError(Errors.E401(where=where, value=value))
    return text


# ---------------------------------------------------------------------------- manifests


@dataclass
class Manifest:
    """Given metadata by absolute file path, and the problems met reading the manifests."""

    entries: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: list[IngestFailure] = field(default_factory=list)


def _manifest_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        if path.suffix == ".csv":
            for line, row in enumerate(csv.DictReader(handle), start=2):
                yield line, {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        else:
            for line, text in enumerate(handle, start=1):
                if text.strip():
                    data = json.loads(text)
                    if not isinstance(data, dict):
                        raise ValueError(f"line {line} is not a JSON object")
                    yield line, {str(k).lower(): str(v).strip() for k, v in data.items() if v}


def read_manifest(path: Path, into: Manifest) -> None:
    """Add the rows of one manifest file to ``into`` (bad rows become problems)."""
    folder = path.parent.resolve()
    try:
        for line, row in _manifest_rows(path):
            name = row.get("file") or row.get("path")
            if not name:
                into.problems.append(
                    IngestFailure(SourceRef(str(path), f"line {line}"), Errors.E250())
                )
                continue
            values = {k: row[k] for k in MANIFEST_FIELDS if row.get(k)}
            if "published" in values:
                try:
                    check_iso_date(values["published"], "published")
                except QueryError:
                    reason = Errors.E273(where="published", value=values["published"])
                    into.problems.append(
                        IngestFailure(SourceRef(str(path), f"line {line}"), reason)
                    )
                    continue
            into.entries[str((folder / name).resolve())] = values
    except (OSError, ValueError, csv.Error) as exc:
        into.problems.append(IngestFailure(SourceRef(str(path)), Errors.E249(exc=exc)))


def find_manifests(paths: Sequence[str | os.PathLike[str]]) -> Manifest:
    """The manifests in the input folders (and the folders of input files)."""
    manifest = Manifest()
    seen: set[Path] = set()
    for given in paths:
        name = os.fspath(given)
        if name == "-" or "://" in name:
            continue
        path = Path(name)
        folders = [path] if path.is_dir() else [path.parent]
        if path.is_dir():
            folders += [p for p in path.rglob("*") if p.is_dir() and not p.name.startswith(".")]
        for folder in folders:
            for manifest_name in MANIFEST_NAMES:
                candidate = (folder / manifest_name).resolve()
                if candidate.is_file() and candidate not in seen:
                    seen.add(candidate)
                    read_manifest(candidate, manifest)
    return manifest


def apply_manifests(
    documents: Iterable[RawDocument | IngestFailure], paths: Sequence[str | os.PathLike[str]]
) -> Iterator[RawDocument | IngestFailure]:
    """Give each document the values its file's manifest row holds (they win over what
    the document says); manifest problems come first, as failures naming the manifest."""
    manifest = find_manifests(paths)
    yield from manifest.problems
    if not manifest.entries:
        yield from documents
        return
    for item in documents:
        if isinstance(item, RawDocument):
            values = manifest.entries.get(str(Path(item.source.file).resolve()))
            if values:
                item = dataclasses.replace(item, given={**item.given, **values})
        yield item


# ---------------------------------------------------------------------------- set


@dataclass
class SetReport:
    """What :func:`set_article_metadata` changed."""

    article_id: str
    changed: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    reanalysed: bool = False
    linked: bool = False


def _clean_changes(changes: Mapping[str, str | None]) -> dict[str, str]:
    out = {}
    for key, value in changes.items():
        if value is None:
            continue
        if key not in SETTABLE:
            raise QueryError(Errors.E403(key=key, settable=", ".join(SETTABLE)))
        if not value.strip():
            raise QueryError(Errors.E405(key=key))
        out[key] = check_iso_date(value, key) if key == "published" else value.strip()
    if not out:
        raise QueryError(Errors.E402(settable=", ".join("--" + k for k in SETTABLE)))
    return out


def set_article_metadata(
    store: Store,
    article_id: str,
    changes: Mapping[str, str | None],
    settings: Settings,
    *,
    nlp: Language | None = None,
    link: bool = True,
) -> SetReport:
    """Set stored metadata of one article and redo what depends on it.

    The values go into the stored raw document, so ``reanalyze`` keeps them. With ``nlp``
    the article is analysed again (its relative dates resolve against a new publication
    date); without, its facts are kept as they are. The link stage then re-runs.
    Raises :class:`~storyline.errors.NotFound` for an unknown id and
    :class:`~storyline.errors.QueryError` for a value that is not valid.
    """
    from storyline._analyze import run_link_stage
    from storyline.pipeline import prepare_article
    from storyline.runner import analyze_with_retry

    values = _clean_changes(changes)
    old = store.get_article(article_id)
    report = SetReport(article_id)
    for key, value in values.items():
        before = getattr(old.meta, key).value
        if before != value:
            report.changed[key] = (before, value)
    raw = store.get_raw_document(article_id)
    if raw is not None:
        raw = dataclasses.replace(raw, given={**raw.given, **values})
        try:
            fresh = prepare_article(raw, settings)
        except InputError as exc:
            raise QueryError(Errors.E406(article_id=article_id, reason=exc.reason)) from None
        fresh.id = article_id  # the id hashes the URL and text, which do not change here
        if nlp is not None:
            (result,) = analyze_with_retry([fresh], nlp, settings)
            if isinstance(result, IngestFailure):
                raise QueryError(Errors.E407(article_id=article_id, reason=result.reason))
            fresh = result
            report.reanalysed = True
        else:
            fresh.quotes, fresh.dates, fresh.mentions = old.quotes, old.dates, old.mentions
    else:
        fresh = old
        for key, value in values.items():
            setattr(fresh.meta, key, MetaValue(value, "input", evidence="set by the user"))
    store.replace_article(fresh, raw)
    if link and store.count_articles():
        report.linked = run_link_stage(store, settings, full=True)
    return report


def update_present(
    store: Store,
    given: Mapping[str, Mapping[str, str | None]],
    settings: Settings,
    nlp: Language | None,
) -> list[str]:
    """For articles read again that are already stored: apply the metadata now given for
    them (a manifest row, ``--outlet``/``--published``) where the stored value is missing
    or was given before and differs. Returns the ids changed; the caller re-runs the link stage in full."""
    changed: list[str] = []
    for article_id, stated in given.items():
        values = {k: v for k in SETTABLE if (v := stated.get(k))}
        if not values:
            continue
        stored = store.get_article(article_id)
        # a value the user gave before, or none at all, gives way; one the document states
        # itself is changed only by `storyline set` (--published fills gaps, as on first read)
        differs = {
            k: v
            for k, v in values.items()
            if getattr(stored.meta, k).value != v
            and getattr(stored.meta, k).source in ("input", "none", "inferred")
        }
        if not differs:
            continue
        try:
            set_article_metadata(store, article_id, differs, settings, nlp=nlp, link=False)
        except QueryError:
            continue  # a value that is not valid was reported when the input was read
        changed.append(article_id)
    return changed


def undated_articles(store: Store, ids: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """``(id, source file)`` of the stored articles without a publication date (of ``ids``
    only, when given), in insertion order."""
    rows = undated_sources(store)
    wanted = set(ids) if ids is not None else None
    return [r for r in rows if wanted is None or r[0] in wanted]


def undated_notice(undated: Sequence[tuple[str, str]], shown: int = 5) -> str:
    """The loud line ``analyze`` prints about articles it could not date."""
    head = ", ".join(f"{source} ({article_id})" for article_id, source in undated[:shown])
    more = f" and {len(undated) - shown} more" if len(undated) > shown else ""
    return (
        f"warning: {len(undated)} article(s) have no publication date: {head}{more}. "
        "Timelines place them by an inferred date at best. Give the date with "
        "`storyline set ID --published YYYY-MM-DD` or a storyline-manifest.csv beside the files."
    )
