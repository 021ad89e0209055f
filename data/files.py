"""File helpers shared by the data stages: atomic writes and output directories.

Design choices:
- Every file is written to a temporary name in its destination directory and then `os.replace`d
  over the target. The rename is atomic on one filesystem, so readers see the old file or the
  complete new one, never a prefix; after a crash only a dot-prefixed temp file can be left.
- The data is fsynced before the rename so a power loss cannot leave a renamed-but-empty file.
"""
from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import IO, Iterator

from configs.cli import UserError


@contextlib.contextmanager
def atomic_open(path: Path, mode: str = "w") -> Iterator[IO]:
    """Open `path` for writing ("w" or "wb"); it appears under its name only if the block succeeds."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        # newline="\n": the same bytes on every platform, so outputs are reproducible.
        with open(tmp, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": "\n"})) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_json(path: Path, obj: object) -> None:
    """Atomically write `obj` as indented JSON."""
    with atomic_open(path) as f:
        f.write(json.dumps(obj, indent=2) + "\n")


def make_dir(path: Path, what: str) -> Path:
    """Create an output directory (and parents); `what` names it in the error if that's impossible."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise UserError(f"cannot create {what} {path}: a file is in the way") from None
    except OSError as err:
        raise UserError(f"cannot create {what} {path}: {err.strerror}") from None
    return path
