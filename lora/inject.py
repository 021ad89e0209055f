"""Put LoRA into a model: choose the Linear layers by name, wrap them, freeze everything else.

Design choices:
- A target is a preset ("attn", "mlp", "all") or an fnmatch pattern, matched against a module's
  full name or any dotted suffix of it: "qkv_proj", "attn.qkv_proj", "layers.0.attn.qkv_proj" and
  "*.qkv_proj" all name the same modules, so configs stay short and still can pick single layers.
- Every pattern must match at least one nn.Linear, and every override at least one targeted
  module: a typo fails loudly (listing what exists) instead of silently training less.
- Matching is a separate, side-effect-free `plan`, so `load_adapter` can check a saved adapter
  against a model before changing it.
- `inject` freezes every base parameter, the tied embedding included; the only trainable
  tensors afterwards are the lora_A/lora_B pairs, which is what `adapter_state_dict` saves.
  lora_A's init draws from torch's global RNG, so seed before injecting for repeatable runs.
- `strip` merges and unwraps in place, giving a model whose state_dict has exactly the base
  model's keys, so the ordinary checkpoint code can write and load it. It leaves requires_grad
  as `inject` set it (it cannot know what was trainable before).
"""
from __future__ import annotations

import re
import typing
from dataclasses import asdict, dataclass, field
from fnmatch import fnmatchcase
from typing import Any

import torch
import torch.nn as nn

from configs.errors import UserError
from configs.loader import check_type
from lora.layer import LoRALinear

ATTN = ["attn.qkv_proj", "attn.out_proj"]
MLP = ["mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"]
PRESETS: dict[str, list[str]] = {"attn": ATTN, "mlp": MLP, "all": ATTN + MLP}
OVERRIDE_KEYS = ("r", "alpha")


@dataclass
class LoRAConfig:
    targets: list[str] = field(default_factory=lambda: ["attn"])
    r: int = 8
    alpha: float = 16.0
    dropout: float = 0.0
    rslora: bool = False
    # pattern (or preset) -> {"r": ..., "alpha": ...}: per-target rank/alpha; later entries win.
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.targets, str) or not self.targets:  # a bare string would iterate per letter
            raise UserError(f"lora.targets must be a non-empty list of patterns or presets, got {self.targets!r}")
        check_rank_alpha("lora", {"r": self.r, "alpha": self.alpha})
        if not 0.0 <= self.dropout < 1.0:
            raise UserError(f"lora.dropout must be in [0, 1), got {self.dropout}")
        for pattern, values in self.overrides.items():
            where = f"lora.overrides.{pattern}"
            if not isinstance(values, dict) or not values or set(values) - set(OVERRIDE_KEYS):
                raise UserError(f"{where} must be a table with keys from {', '.join(OVERRIDE_KEYS)}, got {values!r}")
            check_rank_alpha(where, values)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: Any, where: str) -> LoRAConfig:
        """Build from parsed JSON/TOML; `where` (a file name) prefixes every error."""
        if not isinstance(d, dict):
            raise UserError(f"{where}: lora: expected a table, got {type(d).__name__}")
        hints = typing.get_type_hints(cls)
        kwargs = {}
        for key, value in d.items():
            if key not in hints:
                raise UserError(f"{where}: lora.{key}: unknown key (known: {', '.join(hints)})")
            if key == "overrides":  # check_type knows no dicts; __post_init__ checks the entries
                if not isinstance(value, dict):
                    raise UserError(f"{where}: lora.overrides: expected a table, got {value!r}")
                kwargs[key] = value
            else:
                kwargs[key] = check_type(value, hints[key], f"{where}: lora.{key}")
        try:
            return cls(**kwargs)
        except UserError as err:
            raise UserError(f"{where}: {err}") from None


def check_rank_alpha(where: str, values: dict[str, Any]) -> None:
    """r a positive int, alpha a positive number — for whichever of the two `values` holds."""
    for key, kind in (("r", int), ("alpha", (int, float))):
        if key in values:
            value = values[key]
            if isinstance(value, bool) or not isinstance(value, kind):
                raise UserError(f"{where}.{key} must be {'an integer' if key == 'r' else 'a number'}, got {value!r}")
            if not value > 0:  # `not >` also rejects NaN
                raise UserError(f"{where}.{key} must be positive, got {value!r}")


@dataclass
class LoRASummary:
    cfg: LoRAConfig
    modules: list[str]  # full names of the wrapped Linear layers
    trainable: int
    total: int

    @property
    def share(self) -> float:
        return self.trainable / self.total

    def __str__(self) -> str:
        variant = (" rsLoRA" if self.cfg.rslora else "") + (
            f" +{len(self.cfg.overrides)} overrides" if self.cfg.overrides else "")
        return (f"LoRA r={self.cfg.r} alpha={self.cfg.alpha:g}{variant} on {len(self.modules)} modules "
                f"({', '.join(compact_names(self.modules))}): {self.trainable:,} trainable of "
                f"{self.total:,} parameters ({100 * self.share:.2f}%)")


def compact_names(names: list[str]) -> list[str]:
    """Distinct names with the layer-index prefix removed: layers.3.attn.qkv_proj -> attn.qkv_proj."""
    return list(dict.fromkeys(re.sub(r"^.*\.\d+\.", "", name) for name in names))


def matches(name: str, pattern: str) -> bool:
    """`pattern` matches the full dotted name or any suffix that starts after a dot."""
    parts = name.split(".")
    return any(fnmatchcase(".".join(parts[i:]), pattern) for i in range(len(parts)))


def plan(model: nn.Module, cfg: LoRAConfig) -> dict[str, tuple[nn.Linear, int, float]]:
    """Which Linear layers `cfg` wraps, each with its (rank, alpha). Changes nothing."""
    if lora_modules(model):
        raise UserError("model already has LoRA adapters; inject into a fresh base model")
    linears = {name: m for name, m in model.named_modules() if isinstance(m, nn.Linear)}
    chosen: dict[str, tuple[nn.Linear, int, float]] = {}
    for target in cfg.targets:
        for pattern in PRESETS.get(target, [target]):
            hits = [name for name in linears if matches(name, pattern)]
            if not hits:
                shown = target if pattern == target else f"{target} ({pattern})"
                raise UserError(f"lora.targets: {shown} matches no Linear module; available: "
                                f"{', '.join(compact_names(list(linears)))}")
            chosen.update({name: (linears[name], cfg.r, cfg.alpha) for name in hits})
    for key, values in cfg.overrides.items():
        hits = [name for name in chosen if any(matches(name, p) for p in PRESETS.get(key, [key]))]
        if not hits:
            raise UserError(f"lora.overrides: {key} matches no targeted module; targeted: "
                            f"{', '.join(compact_names(list(chosen)))}")
        for name in hits:
            linear, r, alpha = chosen[name]
            chosen[name] = (linear, values.get("r", r), values.get("alpha", alpha))
    # Model order, not target order, so names and saved tensors come out the same however targets are listed.
    return {name: chosen[name] for name in linears if name in chosen}


def inject(model: nn.Module, cfg: LoRAConfig) -> LoRASummary:
    """Wrap every targeted Linear in a LoRALinear (in place) and freeze all other parameters."""
    targets = plan(model, cfg)
    model.requires_grad_(False)
    for name, (linear, r, alpha) in targets.items():
        set_submodule(model, name, LoRALinear(linear, r, alpha, cfg.dropout, cfg.rslora))
    params = list(model.parameters())
    return LoRASummary(cfg, list(targets), trainable=sum(p.numel() for p in params if p.requires_grad),
                       total=sum(p.numel() for p in params))


def set_submodule(model: nn.Module, name: str, module: nn.Module) -> None:
    parent, _, child = name.rpartition(".")
    setattr(model.get_submodule(parent), child, module)


def lora_modules(model: nn.Module) -> dict[str, LoRALinear]:
    return {name: m for name, m in model.named_modules() if isinstance(m, LoRALinear)}


def merge(model: nn.Module) -> None:
    """Fold every adapter into its base weight (see LoRALinear.merge)."""
    for module in lora_modules(model).values():
        module.merge()


def unmerge(model: nn.Module) -> None:
    for module in lora_modules(model).values():
        module.unmerge()


def adapter_state_dict(model: nn.Module) -> dict[str, torch.Tensor]:
    """Only the lora_A/lora_B tensors, keyed like the model's state_dict, ready for safetensors."""
    return {f"{name}.{which}": getattr(m, which).detach().to("cpu").contiguous()
            for name, m in lora_modules(model).items() for which in ("lora_A", "lora_B")}


def strip(model: nn.Module) -> nn.Module:
    """Merge every adapter and put the base Linear back (in place): a plain model again."""
    for name, module in lora_modules(model).items():
        if not module.merged:
            module.merge()
        set_submodule(model, name, module.base)
    return model

