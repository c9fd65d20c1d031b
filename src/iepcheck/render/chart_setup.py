"""The chart library, loaded with its settings folder private (docs/storage.md).

matplotlib makes `$XDG_CONFIG_HOME/matplotlib` (or `~/.config/matplotlib`) with the
process's umask: under `umask 000` it is world-writable, and it holds a font cache another
user could replace. Unless `MPLCONFIGDIR` says where, it is pointed at a folder of
iepcheck's own cache, made 0700 whatever the umask.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType


def load_matplotlib() -> ModuleType:
    """matplotlib with the SVG backend and a private settings folder."""
    if "MPLCONFIGDIR" not in os.environ:
        from iepcheck.store.files import make_private_dirs

        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        folder = cache / "iepcheck" / "matplotlib"
        try:
            make_private_dirs(folder)
        except OSError:
            pass  # no home to write: matplotlib then uses a temporary folder of its own
        else:
            os.environ["MPLCONFIGDIR"] = str(folder)
    import matplotlib

    matplotlib.use("Agg")
    return matplotlib
