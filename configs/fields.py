"""A config key declared once: its default, the line `--help` shows, and the values that mean something.

    lr: float = option(2e-3, "peak learning rate", above=0)
    grad_clip: float = option(1.0, "max global grad norm (0 = off)", at_least=0)

`--help` shows each key's range after its help line. `check_fields(config, name_of)` runs in each config
dataclass's `__post_init__`, so a value is checked
where it is typed, whether it came from TOML, a flag or code: a number of the wrong type, a float that
is NaN or infinite, or one outside its bounds ends in one line naming the key. A bound that admits a
value with a special meaning (0 = off) says so in the help line; tests/test_config_values.py walks every
numeric key of every config and holds both to that.
"""
from __future__ import annotations

import dataclasses
import math
import typing
from collections.abc import Callable
from typing import Any

from configs.errors import UserError

BOUNDS = ("at_least", "above", "at_most", "below")
SYMBOLS = {"at_least": ">=", "above": ">", "at_most": "<=", "below": "<"}


def option(default: Any, help: str, *, at_least: float | None = None, above: float | None = None,
           at_most: float | None = None, below: float | None = None) -> Any:
    """A config field: its default, its help line and, for a number, its bounds."""
    metadata = {"help": help, "bounds": {name: value for name, value in
                                         (("at_least", at_least), ("above", above), ("at_most", at_most),
                                          ("below", below)) if value is not None}}
    if isinstance(default, (list, dict)):
        return dataclasses.field(default_factory=lambda: type(default)(default), metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def numeric(annotation: Any) -> bool:
    return annotation in (int, float)


def describe(bounds: dict[str, float]) -> str:
    """`> 0 and <= 1`: the range, as `--help` and the errors show it."""
    return " and ".join(f"{SYMBOLS[name]} {bounds[name]:g}" for name in BOUNDS if name in bounds)


def outside(value: float, bounds: dict[str, float]) -> str:
    """The range `value` breaks, as text (`> 0`), or '' when it is inside."""
    inside = (value >= bounds.get("at_least", -math.inf) and value > bounds.get("above", -math.inf)
              and value <= bounds.get("at_most", math.inf) and value < bounds.get("below", math.inf))
    return "" if inside else describe(bounds)


def bounds_of(cls: type, name: str) -> dict[str, float]:
    """A field's bounds, inherited from the nearest base dataclass that declares them: a trainer's section
    that only changes a default (`batch_size = option(8, ...)`) keeps the base's bounds."""
    for klass in cls.__mro__:
        f = getattr(klass, "__dataclass_fields__", {}).get(name)
        if f is not None and f.metadata.get("bounds"):
            return f.metadata["bounds"]
    return {}


def check_fields(config: object, name_of: Callable[[str], str]) -> None:
    """Check every numeric field of the dataclass `config`: type, finiteness, bounds. `name_of(field)` is how
    the user wrote the key (`train.lr`, `--top-p`), for the error."""
    hints = typing.get_type_hints(type(config))
    for f in dataclasses.fields(config):
        if not numeric(hints[f.name]):
            continue
        value, key = getattr(config, f.name), name_of(f.name)
        kind = hints[f.name]
        if isinstance(value, bool) or not isinstance(value, (int, float) if kind is float else int):
            raise UserError(f"{key}: expected {kind.__name__}, got {type(value).__name__} {value!r}")
        if not math.isfinite(value):
            raise UserError(f"{key} must be a finite number, got {value}")
        if broken := outside(value, bounds_of(type(config), f.name)):
            raise UserError(f"{key} must be {broken}, got {value:g}")
