"""TOML → typed dataclasses, with errors that name the file and the key.

Supported field types: int, float, bool, str, list[str] and tables of them (dict[str, ...]) —
everything a run config needs, and few enough that the check below is exhaustive. Each dataclass then
checks its values' ranges itself (configs/fields.py).
"""
from __future__ import annotations

import dataclasses
import tomllib
import typing
from pathlib import Path
from typing import Any, TypeVar

from configs.errors import UserError

CONFIG_DIR = Path(__file__).resolve().parent
T = TypeVar("T")


def named_configs(trainer: str) -> list[str]:
    """The named configs of a trainer (`pretrain`, `instruct`): the TOML files in configs/<trainer>/."""
    return sorted(p.stem for p in (CONFIG_DIR / trainer).glob("*.toml"))


def config_path(name_or_path: str, trainer: str) -> Path:
    """A named config of `trainer` (`tiny`) or a path to a .toml file."""
    path = Path(name_or_path)
    if path.suffix != ".toml":
        path = CONFIG_DIR / trainer / f"{name_or_path}.toml"
    if not path.is_file():
        names = ", ".join(named_configs(trainer)) or "none"
        raise UserError(f"config not found: {name_or_path} (named {trainer} configs: {names})")
    return path


def read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text())
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise UserError(f"{path}: not valid TOML: {err}") from None


def check_type(value: Any, annotation: Any, where: str) -> Any:
    """Return `value` if it has type `annotation` (ints are accepted as floats), else raise."""
    if annotation is Any:  # the dataclass checks such a value itself
        return value
    if annotation is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        if isinstance(value, list):
            return [check_type(v, item, f"{where}[{i}]") for i, v in enumerate(value)]
    elif typing.get_origin(annotation) is dict:
        _, item = typing.get_args(annotation)
        if isinstance(value, dict):
            return {str(k): check_type(v, item, f"{where}.{k}") for k, v in value.items()}
    elif isinstance(value, annotation) and not (annotation is int and isinstance(value, bool)):
        return value
    raise UserError(f"{where}: expected {type_name(annotation)}, got {type(value).__name__} {value!r}")


def type_name(annotation: Any) -> str:
    return (getattr(annotation, "__name__", str(annotation)) if typing.get_origin(annotation) is None
            else str(annotation))


def dataclass_from_dict(cls: type[T], values: dict[str, Any], where: str) -> T:
    """Build `cls` from `values`; nested dataclass fields take sub-tables. `where` prefixes errors."""
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs = {}
    for key, value in values.items():
        if key not in fields:
            raise UserError(f"{where}{key}: unknown key (known: {', '.join(fields)})")
        hint = hints[key]
        if dataclasses.is_dataclass(hint):
            if not isinstance(value, dict):
                raise UserError(f"{where}{key}: expected a table")
            kwargs[key] = dataclass_from_dict(hint, value, f"{where}{key}.")
        else:
            kwargs[key] = check_type(value, hint, f"{where}{key}")
    return cls(**kwargs)
