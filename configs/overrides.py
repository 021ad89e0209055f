"""Every key of a run config becomes a command-line flag `--section.key`, typed and documented
from the dataclass field, so `--help` lists them all and a TOML value is never out of reach."""
from __future__ import annotations

import argparse
import dataclasses
import typing
from typing import Any

from configs.fields import bounds_of, describe


def parse_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered not in ("true", "false", "1", "0", "yes", "no"):
        raise argparse.ArgumentTypeError(f"expected true/false, got {text!r}")
    return lowered in ("true", "1", "yes")


def parse_entry(text: str) -> tuple[str, dict[str, Any]]:
    """`mlp:r=16,alpha=32` → ("mlp", {"r": 16, "alpha": 32.0}): one entry of a table-valued key."""
    name, sep, pairs = text.partition(":")
    entry: dict[str, Any] = {}
    for pair in pairs.split(",") if pairs else []:
        key, eq, value = pair.partition("=")
        if not eq or not key.strip():
            raise argparse.ArgumentTypeError(f"expected NAME:KEY=VALUE,..., got {text!r}")
        try:
            entry[key.strip()] = int(value) if value.strip().lstrip("-").isdigit() else float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{key.strip()}: expected a number, got {value!r}") from None
    if not sep or not name.strip() or not entry:
        raise argparse.ArgumentTypeError(f"expected NAME:KEY=VALUE,..., got {text!r}")
    return name.strip(), entry


class TableAction(argparse.Action):
    """Collects parse_entry's pairs into one table, later entries winning."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        setattr(namespace, self.dest, dict(values))


def add_override_flags(parser: argparse.ArgumentParser, cls: type, aliases: dict[str, str] | None = None,
                       prefix: str = "") -> None:
    """One flag per leaf field of the nested dataclass `cls` (e.g. `--train.lr`).

    `aliases` maps a dotted key to an extra flag spelling (e.g. `train.max_steps` → `--max-steps`).
    A bool flag given alone means true (`--lora`, `--train.x`); a value may follow (`--lora false`).
    `prefix` (e.g. `pretrain.`) puts a whole config under one name, when a command takes several.
    Defaults are suppressed so only flags actually given override the TOML.
    """
    aliases = aliases or {}
    section_types = typing.get_type_hints(cls)
    for section in dataclasses.fields(cls):
        group = parser.add_argument_group(f"[{prefix}{section.name}] overrides")
        section_cls = section_types[section.name]
        hints = typing.get_type_hints(section_cls)
        for f in dataclasses.fields(section_cls):
            key = f"{prefix}{section.name}.{f.name}"
            flags = [f"--{key}"] + ([aliases[key]] if key in aliases else [])
            hint = hints[f.name]
            bounds = bounds_of(section_cls, f.name)
            shown = f.metadata.get("help", "") + (f" [{describe(bounds)}]" if bounds else "")
            kwargs: dict[str, Any] = {"dest": key, "default": argparse.SUPPRESS, "help": shown}
            if typing.get_origin(hint) is list:
                kwargs.update(nargs="*", metavar="STR")
            elif typing.get_origin(hint) is dict:  # `--lora.overrides mlp:r=16,alpha=32 attn:r=4`
                kwargs.update(nargs="*", type=parse_entry, action=TableAction, metavar="NAME:KEY=VALUE,...")
            elif hint is bool:  # `--lora` alone means true; `--lora false` also parses
                kwargs.update(type=parse_bool, nargs="?", const=True, metavar="BOOL")
            else:
                kwargs.update(type=hint, metavar=hint.__name__.upper())
            group.add_argument(*flags, **kwargs)


def overrides_from_args(args: argparse.Namespace, prefix: str = "") -> dict[str, dict[str, Any]]:
    """The `--[prefix]section.key` flags actually given, as {section: {key: value}}."""
    overrides: dict[str, dict[str, Any]] = {}
    for key, value in vars(args).items():
        if key.startswith(prefix) and key.count(".") == prefix.count(".") + 1:
            section, name = key.removeprefix(prefix).split(".")
            overrides.setdefault(section, {})[name] = value
    return overrides
