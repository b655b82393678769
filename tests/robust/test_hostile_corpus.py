"""``analyze`` on a generated hostile corpus (binary, huge, pathological, damaged, wrongly
encoded, badly named inputs mixed with good articles): no traceback, no hang, every bad
input named, every good article stored, peak memory under the limit.

Nothing is stored in the repository: the inputs are generated here, in a temporary folder.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from storyline.models import SourceRef

GOOD_ARTICLES = [
    (
        "Harbour authority reopens northern quay",
        "The harbour authority said on Monday that the northern quay would reopen to "
        'container traffic after three weeks of repairs. "We expect the first ships on '
        "Thursday,\" the authority's director, Tomas Ek, told reporters.",
    ),
    (
        "Rail union calls off strike after pay offer",
        "The rail union called off next week's strike late on Tuesday after the operator "
        "improved its pay offer, a union spokesperson said. Talks had stalled in February "
        "over overtime rules.",
    ),
    (
        "Bridge repairs finish early",
        "Repairs on the old river bridge finished two weeks ahead of schedule, the city "
        "engineer said on Friday, and the bridge will reopen to cars on Saturday morning.",
    ),
]


@dataclass
class Case:
    name: str  # the file name (or the name with a record) the output must mention
    good: bool  # an article that must be stored


def _article(n: int, rng: random.Random) -> str:
    title, body = GOOD_ARTICLES[n % len(GOOD_ARTICLES)]
    words = body.split()
    rng.shuffle(words[5:])  # an edit, so every article is new
    return f"{title} ({n})\n\n{' '.join(words)} Report number {n}.\n"


def long_transcript(chars: int, rng: random.Random) -> str:
    """A long text that reads like a transcript: the good articles' sentences among
    sentences of pseudo-words drawn with a Zipf law from 20,000 (as words are in speech)."""
    sentences = [s.strip() + "." for _, body in GOOD_ARTICLES for s in body.split(".") if s.strip()]
    syllables = [c + v for c in "bdklmnprstvz" for v in "aeiou"]
    vocabulary = ["".join(rng.choices(syllables, k=rng.randint(1, 4))) for _ in range(20_000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    parts: list[str] = ["Hearing transcript\n\n"]
    size = 0
    while size < chars:
        words = rng.choices(vocabulary, weights, k=rng.randint(6, 18))
        sentence = rng.choice(sentences) + " " + " ".join(words).capitalize() + ". "
        if rng.random() < 0.1:
            sentence += "\n\n"
        parts.append(sentence)
        size += len(sentence)
    return "".join(parts)


def write_hostile_corpus(root: Path, seed: int = 15, huge_chars: int = 300_000) -> list[Case]:
    """Write good articles mixed with hostile inputs under ``root``; the cases to expect."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def put(name: str, data: bytes | str, good: bool) -> None:
        path = root / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        cases.append(Case(str(path), good))

    for n in range(6):
        put(f"good-{n}.txt", _article(n, rng), True)
    put("good-long-transcript.txt", long_transcript(huge_chars, rng), True)
    put("good-utf16.txt", _article(10, rng).encode("utf-16"), True)
    put(
        "good-cp1251.txt",
        ("Заголовок\n\n" + "Удар по Курській області завдали вночі. " * 30).encode("cp1251"),
        True,
    )
    # binary and damaged
    put("random.bin.txt", bytes(rng.randrange(256) for _ in range(20_000)), False)
    put("image.html", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(3000)), False)
    put("zip.txt", zlib.compress(b"x" * 10_000), False)
    put(
        "cut.warc.gz",
        gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n" + b"y" * 5000)[:200],
        False,
    )
    put("empty.txt", b"", False)
    put("one-byte.txt", b"x", False)
    # not prose
    put("printable.txt", "".join(chr(rng.randint(32, 126)) for _ in range(30_000)), False)
    put(
        "overlong.txt",
        bytes(x for c in _article(3, rng).encode() * 5 for x in (0xC0 | c >> 6, 0x80 | c & 0x3F)),
        False,
    )
    put("said.txt", "said " * 150_000, False)
    put("initials.txt", "A. " * 300_000, False)
    put("ones.txt", "1\n" * 300_000, False)
    put(
        "huge-one-line.html",
        "<html><body><h1>Long</h1><div>" + "<i></i>" * 1_400_000 + "</div></body></html>",
        False,
    )
    put("too-long.txt", long_transcript(1_100_000, rng), False)
    # pathological but real: many short quotations in one paragraph (stored, in bounded time)
    put(
        "good-many-quotes.txt",
        "Quotes\n\n" + "".join(f'He said "w{i}" ' for i in range(4_000)) + ".\n",
        True,
    )
    # feeds and encodings
    bomb = (
        '<?xml version="1.0" encoding="UTF-32"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><rss version="2.0"><channel><title>T</title>'
        "<item><title>A</title><description>&b;</description></item></channel></rss>"
    )
    put("bomb32.xml", codecs.BOM_UTF32_LE + bomb.encode("utf-32-le"), False)
    put("bomb16.xml", bomb.replace("UTF-32", "UTF-16").encode("utf-16"), False)
    # JSON Lines: hostile lines around good ones
    good_line = {"id": "jsonl-good", "text": _article(20, rng), "outlet": "Port News"}
    lines = [
        json.dumps(good_line),
        '{"a": ' * 5000 + "1" + "}" * 5000,
        '{"id": "big", "text": "x", "n": ' + "9" * 5000 + "}",
        json.dumps({"id": "jsonl-surrogate", "text": _article(21, rng), "outlet": "Out\ud83d"}),
        json.dumps({"id": "jsonl-good", "text": _article(22, rng)}),  # same id, other text
    ]
    put("lines.jsonl", "\n".join(lines) + "\n", False)
    # bad names
    put("two\nfailed: forged.txt", _article(30, rng), True)
    bad = os.fsencode(root) + b"/caf\xe9-latin1-name.txt"
    with open(bad, "wb") as handle:
        handle.write(_article(31, rng).encode())
    cases.append(Case(os.fsdecode(bad), True))
    os.mkfifo(root / "pipe.txt")
    cases.append(Case(str(root / "pipe.txt"), False))
    os.symlink(root / "nowhere.txt", root / "dangling.txt")
    cases.append(Case(str(root / "dangling.txt"), False))
    return cases


def shown(name: str) -> str:
    """How a name appears in the output (escaped)."""
    return str(SourceRef(name))


# --------------------------------------------------------------------------- the run

#: The memory limit ``analyze`` must stay under by default, on any input.
RSS_LIMIT = 2 * 1024**3
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_analyze_survives_a_hostile_corpus(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "news.db"
    cases = write_hostile_corpus(corpus)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    env = {k: v for k, v in env.items() if not k.startswith("STORYLINE_")}
    started = time.monotonic()
    command = [
        sys.executable,
        "-m",
        "storyline",
        "analyze",
        str(corpus),
        "--db",
        str(db),
        "--no-link",
    ]
    process = subprocess.Popen(
        [sys.executable, "-c", _MEASURE, *command],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        out, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"analyze hung on the hostile corpus; stderr so far:\n{err.decode()[-3000:]}")
    elapsed = time.monotonic() - started
    stderr = err.decode("utf-8", "replace")
    peak = int(stderr.rsplit(_PEAK, 1)[1].split()[0]) * 1024

    assert "Traceback" not in stderr, stderr[-3000:]
    assert process.returncode == 1, stderr[-3000:]
    failed = [line for line in stderr.splitlines() if line.startswith("failed: ")]
    for case in cases:
        if not case.good:
            assert any(shown(case.name) in line for line in failed), f"{case.name} not named"
    with sqlite3.connect(db) as conn:
        stored = {row[0] for row in conn.execute("SELECT source_file FROM articles")}
        ids = {row[0] for row in conn.execute("SELECT id FROM articles")}
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for case in cases:
        if case.good:
            assert shown(case.name) in stored, f"{case.name} was not stored"
    assert {"jsonl-good", "jsonl-surrogate"} <= ids
    assert "the id 'jsonl-good' is already used" in stderr
    assert peak < RSS_LIMIT, f"peak RSS {peak / 1e9:.2f} GB"
    print(f"hostile corpus: {len(cases)} inputs in {elapsed:.0f} s, peak RSS {peak / 1e6:.0f} MB")


TIMEOUT = 1_200  # seconds; the run takes a few minutes on a loaded machine


_PEAK = "peak RSS of analyze (KiB): "
#: Runs the command given as arguments and reports the peak memory of it alone: the test
#: process's own children (other tests' subprocesses) would blur RUSAGE_CHILDREN here.
_MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    f"sys.stderr.write({_PEAK!r} + str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code)\n"
)
