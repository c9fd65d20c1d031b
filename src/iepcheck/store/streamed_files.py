"""A kept file read a block at a time: hashed once to be named in a manifest, then copied
into the bundle's zip, hashed again on the way, so neither pass holds the file whole and a
file that changed in between is never packed under the wrong hash (docs/bundle.md).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from iepcheck.errors import UserError
from iepcheck.language.messages import _
from iepcheck.store.files import open_regular

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

BLOCK = 1 << 20


def measure(path: Path) -> tuple[str, int]:
    """The file's SHA-256 and size, read a block at a time. OSError when it cannot be read."""
    digest = hashlib.sha256()
    size = 0
    with open_regular(path) as handle:
        while block := handle.read(BLOCK):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def blocks(path: Path, sha256: str, size: int) -> Iterator[bytes]:
    """The file's bytes a block at a time, checked against the SHA-256 and size `measure`
    gave: a file changed (or gone) since is one sentence, and the half-written zip is never
    kept (it is written atomically)."""
    digest = hashlib.sha256()
    seen = 0
    try:
        with open_regular(path) as handle:
            while block := handle.read(BLOCK):
                digest.update(block)
                seen += len(block)
                yield block
    except OSError:
        seen = -1
    if seen != size or digest.hexdigest() != sha256:
        raise UserError(_("{path} changed while the bundle was being written (is a sync "
                          "tool or another program writing it?); nothing was written: run "
                          "the command again").format(path=path))
