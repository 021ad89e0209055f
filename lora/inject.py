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
from dataclasses import asdict, dataclass
from fnmatch import fnmatchcase
from typing import Any

import torch
import torch.nn as nn

from configs.errors import UserError
from configs.fields import check_fields, option
from configs.loader import dataclass_from_dict
from lora.layer import LoRALinear

ATTN = ["attn.qkv_proj", "attn.out_proj"]
MLP = ["mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"]
PRESETS: dict[str, list[str]] = {"attn": ATTN, "mlp": MLP, "all": ATTN + MLP}
OVERRIDE_KEYS = ("r", "alpha")


@dataclass
class LoRAConfig:
    """The [lora] section of train.instruct's config and the adapter's own record (adapter_config.json): one type
    from TOML and flags down to injection."""
    enabled: bool = option(False, "train a LoRA adapter instead of every weight")
    targets: list[str] = option(["attn"], "presets (attn, mlp, all) or module patterns")
    r: int = option(8, "LoRA rank", at_least=1)
    alpha: float = option(16.0, "LoRA scale numerator (scaling = alpha / r)", above=0)
    dropout: float = option(0.0, "dropout on the LoRA branch input (0 = off)", at_least=0, below=1)
    rslora: bool = option(False, "scale by alpha / sqrt(r) instead of alpha / r")
    overrides: dict[str, dict[str, Any]] = option({}, "per-target rank/alpha, later entries win: a TOML table "
                                                        "`[lora.overrides] mlp = {r = 16, alpha = 32}`, or flags "
                                                        "`mlp:r=16,alpha=32`")

    def __post_init__(self) -> None:
        check_fields(self, lambda name: f"lora.{name}")
        if isinstance(self.targets, str) or not self.targets:  # a bare string would iterate per letter
            raise UserError(f"lora.targets must be a non-empty list of patterns or presets, got {self.targets!r}")
        for pattern, values in self.overrides.items():
            where = f"lora.overrides.{pattern}"
            if not isinstance(values, dict) or not values or set(values) - set(OVERRIDE_KEYS):
                raise UserError(f"{where} must be a table with keys from {', '.join(OVERRIDE_KEYS)}, got {values!r}")
            check_rank_alpha(where, values)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: Any, where: str) -> LoRAConfig:
        """Build from parsed JSON/TOML (an adapter's record); `where` (a file name) prefixes every error."""
        if not isinstance(d, dict):
            raise UserError(f"{where}: lora: expected a table, got {type(d).__name__}")
        try:
            return dataclass_from_dict(cls, d, f"{where}: lora.")
        except UserError as err:
            message = str(err)
            raise UserError(message if message.startswith(f"{where}:") else f"{where}: {message}") from None


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

