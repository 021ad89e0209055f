"""The one train/validation split of instruction data: by problem, by hash.

A problem is held out when the hash of its id falls below the validation fraction, so all
solutions of one problem land on the same side, and a problem's side never depends on what else is
in the data: the mixes (data/curation/mix.py) and the instruction trainer split the same way. When
no problem falls below a positive fraction and there are two or more, the lowest-hash problem is
held out, so a small data set still has a validation side.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")
VAL_FRACTION = 0.05  # the default share of problems held out: the default mix's, and of files given to train.instruct


def bucket(problem_id: str) -> float:
    """The problem's place in [0, 1)."""
    return int(hashlib.sha1(problem_id.encode()).hexdigest()[:8], 16) / 2**32


def held_out(problem_ids: Iterable[str], val_fraction: float) -> set[str]:
    """The problem ids of the validation side."""
    ids = set(problem_ids)
    val = {p for p in ids if bucket(p) < val_fraction}
    if not val and val_fraction > 0 and len(ids) > 1:
        val = {min(ids, key=bucket)}
    return val


def split_by_problem(items: list[T], problem_id: Callable[[T], str], val_fraction: float) -> tuple[list[T], list[T]]:
    """(train, val) items, each side in the items' order."""
    val = held_out((problem_id(item) for item in items), val_fraction)
    return [i for i in items if problem_id(i) not in val], [i for i in items if problem_id(i) in val]
