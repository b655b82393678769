"""The cosines a timeline compares its candidate sentences by, computed a table at a time.

A day's candidates are compared with each other twice (their centrality among the day's
candidates, and the LexRank graph) and with the sentences already chosen for other days
(the redundancy of maximal marginal relevance). :func:`cosine_table` computes all of a
set's cosines together with numpy, once, and gives each pair exactly what
:func:`storyline.link.features.cosine` gives it (the same products added in the same
order), so a timeline does not change with the way its cosines are computed.
:func:`pagerank` is the power iteration of networkx's ``pagerank`` on a small dense matrix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from storyline.link.features import FixedVector, cosine

__all__ = ["cosine_table", "most_alike", "pagerank", "row_sums"]

#: Most products held at once while a table is computed (a busy day has hundreds of
#: candidates; its table is computed a block of rows at a time).
_BLOCK = 1 << 21


def cosine_table(
    rows: Sequence[Mapping[str, float]], columns: Sequence[Mapping[str, float]] | None = None
) -> np.ndarray:
    """``cosine(rows[i], columns[j])`` for every pair (``columns`` defaults to ``rows``).

    :func:`~storyline.link.features.cosine` adds the products of the shorter vector's terms
    in that vector's order; here each side's ordered sums are cumulative sums over its own
    terms (``np.cumsum`` adds in order), and each pair takes the shorter side's, so every
    value is bit for bit the one ``cosine`` gives.

    >>> cosine_table([{"ban": 1.0}, {"ban": 0.6, "ore": 0.8}]).tolist()
    [[1.0, 0.6], [0.6, 1.0]]
    """
    columns = rows if columns is None else columns
    if not rows or not columns:
        return np.zeros((len(rows), len(columns)))
    vocabulary: dict[str, int] = {}
    row_terms = _Terms(rows, vocabulary)
    column_terms = row_terms if columns is rows else _Terms(columns, vocabulary)
    by_row = row_terms.ordered_dots(column_terms.dense(len(vocabulary)))
    if columns is rows:
        by_column = by_row.T
    else:
        by_column = column_terms.ordered_dots(row_terms.dense(len(vocabulary))).T
    dots = np.where(row_terms.sizes[:, None] <= column_terms.sizes[None, :], by_row, by_column)
    norms = np.outer(row_terms.norms, column_terms.norms)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((dots != 0) & (norms != 0), dots / norms, 0.0)


class _Terms:
    """Sparse vectors as arrays over a vocabulary they share: each vector's term ids and
    weights in its own order (padded with the id -1 and weight 0), and its norm."""

    def __init__(self, vectors: Sequence[Mapping[str, float]], vocabulary: dict[str, int]) -> None:
        sizes = [len(v) for v in vectors]
        ids = [vocabulary.setdefault(t, len(vocabulary)) for v in vectors for t in v]
        weights = [w for v in vectors for w in v.values()]
        self.sizes = np.array(sizes)
        # FixedVector keeps the norm cosine() divides by; a mapping's is computed the same way
        self.norms = [
            v.norm if isinstance(v, FixedVector) else FixedVector(v).norm for v in vectors
        ]
        self._row = np.repeat(np.arange(len(vectors)), sizes)
        self._ids, self._weights = np.array(ids, dtype=np.intp), np.array(weights, dtype=float)
        place = np.arange(len(ids)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        self.ordered_ids = np.full((len(vectors), max(sizes) or 1), -1, dtype=np.intp)
        self.ordered_weights = np.zeros(self.ordered_ids.shape)
        self.ordered_ids[self._row, place] = self._ids
        self.ordered_weights[self._row, place] = self._weights

    def dense(self, width: int) -> np.ndarray:
        """One row per vector, one column per term of the vocabulary and a last one of zeros
        (where the padding id -1 points)."""
        out = np.zeros((len(self.sizes), width + 1))
        out[self._row, self._ids] = self._weights
        return out

    def ordered_dots(self, others: np.ndarray) -> np.ndarray:
        """``sum(w * other.get(t, 0.0) for t, w in vector.items())`` of each of these vectors
        with each row of ``others`` (:meth:`dense`), added in the vector's own term order."""
        n, width = self.ordered_ids.shape
        out = np.empty((n, len(others)))
        step = max(1, _BLOCK // (width * len(others)))
        for start in range(0, n, step):
            block = slice(start, start + step)
            # products[i, j, k]: term k of vector i times the same term of row j
            products = self.ordered_weights[block, None, :] * others[
                :, self.ordered_ids[block]
            ].transpose(1, 0, 2)
            out[block] = np.cumsum(products, axis=2)[:, :, -1]
        return out


def row_sums(table: np.ndarray, keep: np.ndarray | None = None) -> np.ndarray:
    """Each row's sum (only the cells where ``keep`` is true), added left to right, one
    after the other (``np.cumsum``; a left-out cell adds an exact 0), as the timeline's
    sums over a day's candidates always were (``sum()`` on Python 3.11).

    >>> row_sums(np.array([[0.5, 0.25], [1.0, 0.0]]), np.array([[True, False], [True, True]]))
    array([0.5, 1. ])
    """
    if table.shape[1] == 0:
        return np.zeros(len(table))
    kept = table if keep is None else np.where(keep, table, 0.0)
    return np.cumsum(kept, axis=1)[:, -1]


def most_alike(
    vectors: Sequence[Mapping[str, float]], others: Sequence[Mapping[str, float]]
) -> list[float]:
    """The highest cosine of each of ``vectors`` to any of ``others`` (0 when there are none).

    >>> most_alike([{"ban": 1.0}, {"rain": 1.0}], [{"ban": 0.6, "ore": 0.8}])
    [0.6, 0.0]
    """
    if not others:
        return [0.0] * len(vectors)
    if len(others) == 1:
        return [cosine(v, others[0]) for v in vectors]
    return cosine_table(vectors, others).max(axis=1).tolist()


def pagerank(
    weights: np.ndarray, alpha: float = 0.85, max_iter: int = 100, tol: float = 1.0e-6
) -> np.ndarray:
    """PageRank of the nodes of a graph given by its (square, non-negative) weight matrix.

    The power iteration of networkx's ``pagerank`` (uniform start and teleport, a node
    without edges links to every node alike, stop when the L1 change is below ``n * tol``)
    on a dense matrix: a timeline day's graph has tens of nodes, and building a networkx
    graph and a scipy matrix for it cost ten times the iteration itself.

    >>> pagerank(np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0]])).round(3).tolist()
    [0.486, 0.257, 0.257]
    """
    n = len(weights)
    if n == 0:
        return np.zeros(0)
    out_weight = weights.sum(axis=1)
    dangling = out_weight == 0
    # rows scaled by the reciprocal of their weight, as networkx scales them
    scale = np.divide(1.0, out_weight, out=np.zeros(n), where=~dangling)
    transition = weights * scale[:, None]
    teleport = np.full(n, 1.0 / n)
    rank = teleport
    for _ in range(max_iter):
        last = rank
        rank = (
            alpha * (rank @ transition + rank[dangling].sum() * teleport) + (1 - alpha) * teleport
        )
        if np.abs(rank - last).sum() < n * tol:
            break
    return rank
