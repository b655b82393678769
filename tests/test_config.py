from __future__ import annotations

from pathlib import Path

import pytest

from storyline.config import load_settings
from storyline.errors import ConfigError


def test_layers_apply_in_order(tmp_path: Path) -> None:
    cfg = tmp_path / "s.toml"
    cfg.write_text('[storyline]\nbatch_size = 4\ndb = "from-file.db"\nn_process = 2\n')
    env = {"STORYLINE_BATCH_SIZE": "6", "STORYLINE_ALLOW_PRIVATE_URLS": "yes"}
    s = load_settings(cfg, env=env, overrides={"batch_size": None, "n_process": 1})
    assert s.db == "from-file.db"  # file
    assert s.batch_size == 6  # env beats file; a None flag is ignored
    assert s.n_process == 1  # flag beats file
    assert s.allow_private_urls is True


@pytest.mark.parametrize(
    "text,message",
    [
        ("batch_size = 'many'", "batch_size"),
        ("nonsense = 1", "unknown setting"),
        ("story_threshold = 3.0", "between 0 and 1"),
        ("batch_size = [", "not valid TOML"),
    ],
)
def test_bad_config_is_named(tmp_path: Path, text: str, message: str) -> None:
    cfg = tmp_path / "s.toml"
    cfg.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_settings(cfg, env={})
