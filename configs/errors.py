"""The errors every command reports the same way, and the runner that reports them.

Bad input must end in one line naming the file, line or field, and a non-zero exit; never a raw
traceback. Library code raises `UserError` with such a line; `run_main` turns it into the exit:

    0    done (also: `--resume` of a run that is already complete)
    1    an I/O error the command did not expect (disk full, permissions): `error: PATH: cause`
    2    bad input (`UserError`): fix the command, the config or the file it names
    3    the training run diverged (`Diverged`: NaN/inf losses, gradients or weights); the last checkpoint
         is the last good one: lower the learning rate and `--resume`
    130  interrupted outside training (Ctrl-C)
    128+N  training stopped by signal N after checkpointing (`Stopped`): 143 SIGTERM, 130 SIGINT,
         138 SIGUSR1; `--resume` continues it
"""
from __future__ import annotations

import sys
from collections.abc import Callable


class UserError(Exception):
    """An error caused by the user's input (a path, a config key, a file's content)."""


class Diverged(Exception):
    """A training run that blew up (NaN/inf): not the input's fault, and not fixed by running it again as is."""


class Stopped(Exception):
    """A run that stopped cleanly before its end (a signal asked it to); `status` is the exit status."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def run_main(main: Callable[[], object]) -> None:
    """Run an entry point: a UserError prints `error: ...` on one line and exits with status 2, a Diverged
    run with 3, a Stopped one with its own status."""
    try:
        main()
    except UserError as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(2)
    except Diverged as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(3)
    except Stopped as err:
        print(str(err), file=sys.stderr)
        sys.exit(err.status)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except OSError as err:  # the machine's fault, not the input's: still one line
        where = f"{err.filename}: " if err.filename else ""
        print(f"error: {where}{err.strerror or err}", file=sys.stderr)
        sys.exit(1)
