"""Files every command writes or reads: atomic writes, staged directories, JSONL, checksums.

Design choices:
- Every file is written to a temporary name in its destination directory and then `os.replace`d
  over the target. The rename is atomic on one filesystem, so readers see the old file or the
  complete new one, never a prefix; after a crash only a dot-prefixed temp file can be left.
- The data is fsynced before the rename so a power loss cannot leave a renamed-but-empty file.
- Directories (checkpoints, adapters) are staged the same way: written as NAME.tmp, renamed into
  place; an existing NAME is first moved aside to NAME.old so no moment lacks a complete copy.
"""
from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from configs.errors import UserError


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


def read_jsonl(path: Path, what: str) -> list[tuple[int, dict]]:
    """(line number, object) for every non-blank line of a .jsonl or .jsonl.gz file; a line that
    isn't a JSON object is an error naming FILE:LINE. `what` names the file in "not found"."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"{what} not found: {path}")
    try:
        with (gzip.open if path.suffix == ".gz" else open)(path, "rt", encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as err:
        raise UserError(f"{path}: cannot read ({err})") from None
    rows = []
    # split on "\n" only: str.splitlines would also break at a raw U+2028 inside a JSON string
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise UserError(f"{path}:{number}: not valid JSON ({err.msg})") from None
        if not isinstance(row, dict):
            raise UserError(f"{path}:{number}: expected a JSON object, got {type(row).__name__}")
        rows.append((number, row))
    return rows


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


@contextlib.contextmanager
def staged_dir(final: Path, what: str) -> Iterator[Path]:
    """Yield an empty temp directory; when the block succeeds it replaces `final`, else it is removed."""
    if final.exists() and not final.is_dir():
        raise UserError(f"cannot write {what} {final}: a file is in the way")
    tmp, old = final.with_name(final.name + ".tmp"), final.with_name(final.name + ".old")
    shutil.rmtree(tmp, ignore_errors=True)  # left by an earlier crash
    make_dir(tmp, what)
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if final.exists():
        shutil.rmtree(old, ignore_errors=True)
        os.replace(final, old)
        os.replace(tmp, final)
        shutil.rmtree(old)
    else:
        os.replace(tmp, final)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
