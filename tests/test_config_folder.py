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
    monkeypatch.setattr("sys.platform", "darwin")
    monkeypatch.setattr(platformdirs, "user_config_dir",
                        lambda *a, **k: str(tmp_path / "Library" / "Application Support" / a[0]))
    assert config_path() == tmp_path / "Library" / "Application Support" / "iepcheck" / \
        "config.toml"
    earlier = tmp_path / ".config" / "iepcheck" / "config.toml"
    earlier.parent.mkdir(parents=True)
    earlier.write_text('author = "dad"\n')
    assert config_path() == earlier  # kept: nobody's name is lost by the move


def test_on_linux_the_folder_platformdirs_names_without_importing_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Linux answer is written out (importing platformdirs costs every reading command
    ~5 ms): it must stay the one platformdirs gives."""
    import sys

    import platformdirs

    if not sys.platform.startswith("linux"):
        pytest.skip("the Linux folder is checked on Linux")
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("ANDROID_DATA", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    expected = Path(platformdirs.user_config_dir("iepcheck", appauthor=False, roaming=True))
    assert config_path() == expected / "config.toml" == tmp_path / ".config" / "iepcheck" / \
        "config.toml"
