"""The error every command reports the same way, and the runner that reports it.

Bad input must end in one line naming the file, line or field, and a non-zero exit; never a raw
traceback. Library code raises `UserError` with such a line; `run_main` turns it into the exit.
"""
from __future__ import annotations

import sys
from typing import Callable


class UserError(Exception):
    """An error caused by the user's input (a path, a config key, a file's content)."""


def run_main(main: Callable[[], object]) -> None:
    """Run an entry point: a UserError prints `error: ...` on one line and exits with status 2."""
    try:
        main()
    except UserError as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
