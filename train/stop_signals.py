"""Preemption: SIGTERM, SIGINT and SIGUSR1 ask a training run to stop at the next step boundary.

Batch schedulers send SIGTERM (or SIGUSR1, configurable as a warning "time is nearly up") some
seconds before they kill a job; a user presses Ctrl-C. Either way the work since the last
checkpoint should not be lost:
- the first signal only sets a flag: the optimizer step under way finishes, the loop writes a
  checkpoint (atomically, as always) and stops with exit status 128 + the signal's number
  (143, 130, 138); `--resume` continues exactly where it stopped;
- a second signal means "now": the process exits at once with the same status. A checkpoint being
  written is left as a `.tmp` directory that the next write removes; `latest` still names the
  previous complete one;
- the handlers only set a flag (no printing, no I/O: a handler may interrupt a write), and are
  installed for the training loop alone: before and after it, the signals do what they always do.
"""
from __future__ import annotations

import os
import signal
from types import FrameType

SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGUSR1)


class StopSignals:
    """`with StopSignals() as stop:` ... `stop.received` is the first signal's number, or None."""

    def __init__(self) -> None:
        self.received: int | None = None
        self.previous: dict[int, object] = {}

    def __enter__(self) -> StopSignals:
        for sig in SIGNALS:
            self.previous[sig] = signal.signal(sig, self.handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self.previous.items():
            signal.signal(sig, handler)

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if self.received is not None:
            os.write(2, f"\n{signal.Signals(signum).name} again: exiting now, without a checkpoint\n".encode())
            os._exit(128 + signum)
        self.received = signum
