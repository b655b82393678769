"""Writing an output file whole or not at all, the same way for every command.

A file is written to a temporary name in its own folder and renamed into place, so a
reader never sees half a file. The folder must exist: a typo in ``--out`` is reported,
never answered by creating folders somewhere unexpected. The file gets the usual mode for
a new file (``0666`` less the umask), whichever command wrote it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from storyline.errors import Errors, OutputError


def check_output_path(out: str | os.PathLike[str]) -> Path:
    """``out`` as a path whose folder exists and which is not itself a folder."""
    target = Path(out)
    folder = target.parent
    if target.is_dir():
        raise OutputError(Errors.E501(target=target))
    if not folder.is_dir():
        raise OutputError(Errors.E502(target=target, folder=folder))
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_output(out: str | os.PathLike[str], binary: bool = False) -> Iterator[IO[Any]]:
    """A file handle for ``out``; the file appears (replacing any old one) on success."""
    target = check_output_path(out)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        handle: IO[Any] = (
            os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        )
        with handle:
            yield handle
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
