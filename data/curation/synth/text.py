"""Random short ASCII text for test inputs (ASCII only: exotic Unicode must never decide whether solutions agree)."""
from __future__ import annotations

from random import Random

MIXED = "aAbBeEiIoOxXyYzZ 19!?.,-"  # letters of both cases, vowels, a space, digits and punctuation


def rand_text(rng: Random, lo: int = 3, hi: int = 14, pool: str = MIXED) -> str:
    return "".join(rng.choice(pool) for _ in range(rng.randint(lo, hi)))
