"""Where the user's settings live (store/user_config.py): the platform's own folder, and a
file written at the earlier place keeps being used."""

from __future__ import annotations

from pathlib import Path

import pytest

from iepcheck.store.user_config import config_path


def test_xdg_config_home_wins_on_every_platform(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert config_path() == tmp_path / "iepcheck" / "config.toml"


def test_the_platform_folder_unless_a_file_is_at_the_earlier_place(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(platformdirs, "user_config_dir",
                        lambda *a, **k: str(tmp_path / "Library" / "Application Support" / a[0]))
    assert config_path() == tmp_path / "Library" / "Application Support" / "iepcheck" / \
        "config.toml"
    earlier = tmp_path / ".config" / "iepcheck" / "config.toml"
    earlier.parent.mkdir(parents=True)
    earlier.write_text('author = "dad"\n')
    assert config_path() == earlier  # kept: nobody's name is lost by the move
