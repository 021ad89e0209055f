"""`python -m tests.faulty_pretrain FAULT N -- PRETRAIN FLAGS`: `python -m train.pretrain` with one fault.

The fault-injection tests (tests/test_preemption.py) run this as a child process so that a fault
lands at an exact point of a real run:

    kill-mid-step         SIGKILL inside the N-th optimizer step (after backward, before the update)
    kill-mid-checkpoint   SIGKILL inside the N-th checkpoint (weights written, training state not)
    SIGTERM|SIGINT|SIGUSR1  that signal inside the N-th optimizer step: the step finishes, then the
                          run checkpoints and stops
    SIGTERM-twice         SIGTERM inside the N-th step, and again while its checkpoint is written
    none                  no fault: the run as `python -m train.pretrain` makes it

Under torchrun, FAULT@R injects the fault into rank R alone (`SIGTERM@1`).
"""
from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable

import torch

import train.checkpoint
from configs.errors import run_main
from train.pretrain import main

FAULTS = ("kill-mid-step", "kill-mid-checkpoint", "SIGTERM", "SIGINT", "SIGUSR1", "SIGTERM-twice", "none")


def nth_call(real: Callable, n: int, action: Callable[[], None]) -> Callable:
    """`real`, wrapped to run `action()` on its n-th call (1-based), before the call."""
    calls = [0]

    def wrapper(*args, **kwargs):
        calls[0] += 1
        if calls[0] == n:
            action()
        return real(*args, **kwargs)
    return wrapper


def on_call(owner: object, name: str, n: int, action: Callable[[], None]) -> None:
    """Replace `owner.name` so that `action()` runs on its n-th call (for this child process's life)."""
    setattr(owner, name, nth_call(getattr(owner, name), n, action))


def send(sig: signal.Signals) -> Callable[[], None]:
    return lambda: os.kill(os.getpid(), sig)


def inject(fault: str, n: int) -> None:
    if fault == "kill-mid-step":
        on_call(torch.nn.utils, "clip_grad_norm_", n, send(signal.SIGKILL))
    elif fault == "kill-mid-checkpoint":
        on_call(train.checkpoint.torch, "save", n, send(signal.SIGKILL))
    elif fault == "SIGTERM-twice":
        def first() -> None:  # the checkpoint the first signal asks for gets the second
            on_call(train.checkpoint.torch, "save", 1, send(signal.SIGTERM))
            os.kill(os.getpid(), signal.SIGTERM)
        on_call(torch.nn.utils, "clip_grad_norm_", n, first)
    elif fault != "none":
        on_call(torch.nn.utils, "clip_grad_norm_", n, send(signal.Signals[fault]))


if __name__ == "__main__":
    fault, n, separator, *flags = sys.argv[1:]
    fault, _, rank = fault.partition("@")
    assert fault in FAULTS and separator == "--", sys.argv
    if rank in ("", os.environ.get("RANK", "0")):
        inject(fault, int(n))
    run_main(lambda: main(flags))
