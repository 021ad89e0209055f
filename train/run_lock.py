"""One run per directory: an exclusive lock on `RUN/run.lock` for the run's whole life.

Two trainers writing one run directory would mix their checkpoints, `latest` links and TensorBoard
events, and both would exit 0. The first takes an exclusive `flock` on the lock file and writes its
pid into it; a second one finds the lock taken and stops with a line naming that pid. The kernel
drops a flock when its process dies, however it dies, so a lock file left by a killed run never
blocks the next one. Under torchrun rank 0 holds the lock for the whole world.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from configs.errors import UserError
from configs.files import make_dir

LOCK = "run.lock"


@contextlib.contextmanager
def run_lock(out: Path) -> Iterator[None]:
    path = make_dir(out, "run directory") / LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            raise UserError(f"{out} is in use by another run (pid {holder}, lock {path}): wait for it to finish, "
                            "or pass --out DIR for a new run") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
