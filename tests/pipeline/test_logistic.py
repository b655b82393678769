"""The packaged logistic models score as the scikit-learn model they were exported from."""

from __future__ import annotations

import pytest
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from storyline.pipeline.logistic import bucket, columns, probability

EXAMPLES = [
    ({"kind": "direct", "words": 3, "has_cue": True}, 1),
    ({"kind": "direct", "words": 1, "has_cue": False}, 0),
    ({"kind": "partial", "words": 8, "has_cue": True}, 1),
    ({"kind": "partial", "words": 2, "has_cue": False}, 0),
    ({"kind": "direct", "words": 5, "has_cue": True}, 1),
    ({"kind": "partial", "words": 1, "has_cue": True}, 0),
]


def test_probability_matches_scikit_learn_on_dict_features() -> None:
    vectorizer = DictVectorizer(sparse=False)
    x = vectorizer.fit_transform([f for f, _ in EXAMPLES])
    model = LogisticRegression(C=1.0).fit(x, [y for _, y in EXAMPLES])
    packaged = {
        "intercept": float(model.intercept_[0]),
        "weights": dict(zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)),
    }
    unseen = {"kind": "quoted", "words": 4, "has_cue": True}  # a value never trained on
    for features in [f for f, _ in EXAMPLES] + [unseen]:
        expected = model.predict_proba(vectorizer.transform([features]))[0, 1]
        assert probability(features, packaged) == pytest.approx(expected, abs=1e-12)


def test_columns_are_named_as_dict_vectorizer_names_them() -> None:
    features = {"kind": "direct", "words": 2, "has_cue": True}
    names = set(DictVectorizer().fit([features]).get_feature_names_out())
    assert set(columns(features)) == names
    assert columns(features) == {"kind=direct": 1.0, "words": 2.0, "has_cue": 1.0}


@pytest.mark.parametrize(
    ("n", "expected"), [(0, "0"), (1, "1"), (4, "5"), (21, "21"), (22, "more")]
)
def test_bucket_names_the_first_limit_a_count_fits(n: int, expected: str) -> None:
    assert bucket(n, (0, 1, 2, 3, 5, 8, 13, 21)) == expected
