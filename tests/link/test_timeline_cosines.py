"""The timeline's cosine tables give exactly what comparing each pair gives, and its PageRank
what networkx's gives."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from storyline.link._text import split_sentences, term_counts
from storyline.link.features import FixedVector, cosine, idf, normalized
from storyline.link.timeline_cosines import cosine_table, most_alike, pagerank, row_sums
from storyline.link.timeline_sentences import centrality, lexrank


def sentence_vectors(texts: list[str]) -> list[FixedVector]:
    """TF-IDF vectors of the seed articles' sentences, built as the timeline builds its
    candidates' (log term frequency, idf over the sentences, unit length)."""
    counts = [term_counts(s.text) for text in texts for s in split_sentences(text)]
    df: dict[str, int] = {}
    for c in counts:
        for term in c:
            df[term] = df.get(term, 0) + 1
    return [
        FixedVector(
            normalized({t: (1 + math.log(n)) * idf(df[t], len(counts)) for t, n in c.items()})
        )
        for c in counts
    ]


def shuffled_vectors(seed: int, n: int) -> list[FixedVector]:
    """Vectors over a small vocabulary in random term order, many of the same length (the
    case where the order of the additions decides the last bit)."""
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(40)]
    return [
        FixedVector(normalized({t: rng.random() for t in rng.sample(words, rng.randint(0, 12))}))
        for _ in range(n)
    ]


@pytest.fixture()
def vectors(seed_texts: dict[str, str]) -> list[FixedVector]:
    return sentence_vectors([seed_texts[k] for k in sorted(seed_texts)])


def test_a_table_holds_each_pairs_cosine_bit_for_bit(vectors: list[FixedVector]) -> None:
    table = cosine_table(vectors)
    assert table.shape == (len(vectors), len(vectors)) and len(vectors) > 50
    assert all(
        table[i, j] == cosine(a, b) for i, a in enumerate(vectors) for j, b in enumerate(vectors)
    )
    assert table.max() > 0.2  # the sentences do share words


def test_the_order_of_each_vectors_terms_is_kept() -> None:
    vectors = shuffled_vectors(11, 80)
    table = cosine_table(vectors)
    unequal = [
        (i, j)
        for i, a in enumerate(vectors)
        for j, b in enumerate(vectors)
        if cosine(a, b) != cosine(b, a)
    ]
    assert unequal  # the two orders differ in the last bit for some pairs ...
    assert all(table[i, j] == cosine(vectors[i], vectors[j]) for i, j in unequal)  # ... kept


def test_rows_against_other_columns_in_blocks(monkeypatch, vectors: list[FixedVector]) -> None:
    rows, columns = vectors[:30], [dict(v) for v in vectors[30:45]]  # plain mappings too
    expected = [[cosine(a, b) for b in columns] for a in rows]
    assert cosine_table(rows, columns).tolist() == expected
    monkeypatch.setattr("storyline.link.timeline_cosines._BLOCK", 64)  # a few rows at a time
    assert cosine_table(rows, columns).tolist() == expected
    assert cosine_table(rows, []).shape == (30, 0)
    assert cosine_table([{}], [{"ban": 1.0}]).tolist() == [[0.0]]


def test_most_alike_is_the_highest_cosine_to_any_other(vectors: list[FixedVector]) -> None:
    chosen = vectors[::10]
    assert most_alike(vectors, chosen) == [max(cosine(v, c) for c in chosen) for v in vectors]
    assert most_alike(vectors, chosen[:1]) == [cosine(v, chosen[0]) for v in vectors]
    assert most_alike(vectors[:3], []) == [0.0, 0.0, 0.0]


def test_row_sums_add_left_to_right(vectors: list[FixedVector]) -> None:
    table = cosine_table(vectors)
    keep = np.random.default_rng(5).random(table.shape) < 0.5
    for row, kept, total in zip(table.tolist(), keep, row_sums(table, keep), strict=True):
        running = 0.0
        for value, k in zip(row, kept, strict=True):
            if k:
                running += value
        assert total == running


def test_centrality_is_the_mean_cosine_to_other_articles_candidates() -> None:
    vectors = [{"ban": 1.0}, {"ban": 0.6, "ore": 0.8}, {"ore": 1.0}, {"rain": 1.0}]
    table = cosine_table(vectors)
    central = centrality(table, ["a", "a", "b", "c"])
    assert central[0] == pytest.approx((0.0 + 0.0) / 2)  # its article's other one is left out
    assert central[1] == pytest.approx((0.8 + 0.0) / 2)
    assert central[2] == pytest.approx((0.0 + 0.8 + 0.0) / 3)
    assert centrality(cosine_table(vectors[:2]), ["a", "a"]) == [0.0, 0.0]  # no other article


def test_lexrank_averages_one_and_ranks_the_linked_sentences_first() -> None:
    ranks = lexrank(cosine_table([{"ban": 1.0}, {"ban": 0.6, "ore": 0.8}, {"rain": 1.0}]))
    assert sum(ranks) == pytest.approx(3.0)
    assert ranks[0] == pytest.approx(ranks[1]) and ranks[2] < ranks[0]
    assert lexrank(cosine_table([{"ban": 1.0}])) == [1.0]


@pytest.mark.parametrize("seed", range(6))
def test_pagerank_gives_networkxs_ranks(seed: int) -> None:
    nx = pytest.importorskip("networkx")
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 40))
    weights = np.triu(rng.random((n, n)) * (rng.random((n, n)) < 0.3), k=1)
    weights = weights + weights.T  # undirected, some nodes without edges
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_weighted_edges_from(
        (i, j, weights[i, j]) for i in range(n) for j in range(i + 1, n) if weights[i, j] > 0
    )
    expected = nx.pagerank(graph, weight="weight")
    assert pagerank(weights) == pytest.approx([expected[i] for i in range(n)], rel=1e-9, abs=0)


def test_lexrank_of_real_sentences_matches_networkx(vectors: list[FixedVector]) -> None:
    nx = pytest.importorskip("networkx")
    day = vectors[:25]
    graph = nx.Graph()
    graph.add_nodes_from(range(len(day)))
    for i, a in enumerate(day):
        for j in range(i + 1, len(day)):
            if (weight := cosine(a, day[j])) > 0:
                graph.add_edge(i, j, weight=weight)
    expected = nx.pagerank(graph, weight="weight")
    ranks = lexrank(cosine_table(day))
    assert ranks == pytest.approx([expected[i] * len(day) for i in range(len(day))], rel=1e-9)
