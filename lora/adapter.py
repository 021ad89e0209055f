"""Adapter files: the LoRA tensors alone, tied to their base; loading a model with its adapter;
and export of a merged checkpoint.

    adapter.safetensors   lora_A/lora_B tensors, keyed like the injected model's state_dict
    adapter.json          {"format": 1, "lora": LoRAConfig, "base": base checkpoint path,
                           "base_weights_sha256": ..., "adapter_sha256": ...,
                           "shapes": {tensor name: [dims]}}

Design choices:
- An adapter is a delta to one exact set of base weights, so it records the base checkpoint's
  `weights_sha256` and loading refuses another base: on a different base it would run and
  produce plausible-looking garbage. (Pass base_sha256=None to skip the check deliberately.)
- It also records where that base was (`base`, an absolute path), so an adapter directory alone
  is enough to load the model: `load_for_inference` is the one place that decides between a
  checkpoint's own weights and base + adapter, for sampling, evaluation, sweeps and export.
- The adapter file's own sha256 is checked before it is read: safetensors notices truncation but
  not flipped bytes inside the tensor data.
- `shapes` lets a model mismatch be reported from the JSON before the tensors are read, and
  tells a reader what the adapter contains. Everything is checked before the model is touched,
  so a refused adapter leaves the model as it was.
- Directories are written into a `.tmp` sibling and renamed into place, an older one first
  moved aside to `.old` and deleted after, as train/checkpoint.py does: a crash while writing
  leaves the previous directory intact and no half-written one under the final name.
- `export_merged` strips a deep copy, so the caller's model keeps training (or serving) with
  its adapters, and writes an ordinary checkpoint that needs no LoRA code to load.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import torch
import torch.nn as nn
from safetensors import SafetensorError
from safetensors.torch import load_file, save

from configs.errors import UserError
from configs.files import file_sha256, staged_dir
from data.pretrain.tokenizer import Tokenizer
from lora.inject import LoRAConfig, adapter_state_dict, inject, plan, strip
from model.checkpoint import CONFIG as BASE_CONFIG
from model.checkpoint import LoadedModel, load_model, read_config, resolve_checkpoint, save_model
from model.model import Transformer

WEIGHTS, CONFIG, FORMAT = "adapter.safetensors", "adapter.json", 1


def save_adapter(directory: Path, model: nn.Module, cfg: LoRAConfig, base: Path, base_sha256: str) -> None:
    """Write the adapter of `model`, injected with `cfg` into the base checkpoint `base` whose weights
    hash is `base_sha256`."""
    tensors = adapter_state_dict(model)
    if not tensors:
        raise ValueError("model has no LoRA adapters to save")
    with staged_dir(Path(directory), "adapter directory") as tmp:
        (tmp / WEIGHTS).write_bytes(save(tensors))  # through Python: a full disk is an OSError with its cause
        meta = {"format": FORMAT, "lora": cfg.to_dict(), "base": str(Path(base).resolve()),
                "base_weights_sha256": base_sha256,
                "adapter_sha256": file_sha256(tmp / WEIGHTS),
                "shapes": {name: list(t.shape) for name, t in tensors.items()}}
        (tmp / CONFIG).write_text(json.dumps(meta, indent=2) + "\n")


def load_adapter(directory: Path, model: nn.Module, base_sha256: str | None) -> LoRAConfig:
    """Inject the saved config into the base `model` (in place) and load the adapter tensors."""
    directory = Path(directory)
    meta_path, weights_path = directory / CONFIG, directory / WEIGHTS
    meta = read_adapter_json(meta_path)
    cfg = LoRAConfig.from_dict(meta["lora"], str(meta_path))
    if base_sha256 is not None and meta["base_weights_sha256"] != base_sha256:
        raise UserError(f"{meta_path}: adapter was trained on base {meta['base_weights_sha256'][:12]}, "
                        f"not {base_sha256[:12]}")
    try:
        targets = plan(model, cfg)
    except UserError as err:
        raise UserError(f"{meta_path}: {err}") from None
    expected = {}
    for name, (linear, r, _) in targets.items():
        expected[f"{name}.lora_A"] = (r, linear.in_features)
        expected[f"{name}.lora_B"] = (linear.out_features, r)
    check_shapes({name: tuple(s) if isinstance(s, list) else s for name, s in meta["shapes"].items()},
                 expected, meta_path)
    tensors = read_tensors(weights_path, meta["adapter_sha256"])
    check_shapes({name: tuple(t.shape) for name, t in tensors.items()}, expected, weights_path)
    inject(model, cfg)
    params = dict(model.named_parameters())
    with torch.no_grad():
        for name, tensor in tensors.items():
            params[name].copy_(tensor)  # copy_ also moves to the model's device and dtype
    return cfg


def read_adapter_json(path: Path) -> dict[str, Any]:
    try:
        meta = json.loads(path.read_text())
    except FileNotFoundError:
        raise UserError(f"{path}: missing (not an adapter directory)") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise UserError(f"{path}: not valid JSON ({err})") from None
    required = {"format": int, "lora": dict, "base_weights_sha256": str, "adapter_sha256": str, "shapes": dict}
    if not isinstance(meta, dict) or any(not isinstance(meta.get(k), kind) for k, kind in required.items()):
        raise UserError(f"{path}: malformed adapter metadata (expected keys {', '.join(required)})")
    if meta["format"] != FORMAT:
        raise UserError(f"{path}: adapter format {meta['format']}, this code reads format {FORMAT}")
    if not isinstance(meta.get("base", ""), str):
        raise UserError(f"{path}: base: expected a path string, got {meta['base']!r}")
    return meta


def read_tensors(path: Path, expected_sha256: str) -> dict[str, torch.Tensor]:
    if not path.is_file():
        raise UserError(f"{path}: missing")
    if file_sha256(path) != expected_sha256:
        raise UserError(f"{path}: checksum mismatch with {CONFIG} (file truncated or corrupted)")
    try:
        return load_file(path)
    except (SafetensorError, OSError) as err:
        raise UserError(f"{path}: unreadable safetensors file ({err})") from None


def check_shapes(found: dict[str, Any], expected: dict[str, tuple[int, ...]], source: Path) -> None:
    missing, unexpected = sorted(expected.keys() - found.keys()), sorted(found.keys() - expected.keys())
    if missing or unexpected:
        gaps = [f"{what} {names[:3]}"
                for what, names in (("model lacks", unexpected), ("adapter lacks", missing)) if names]
        raise UserError(f"{source}: adapter doesn't match the model ({'; '.join(gaps)})")
    for name, shape in found.items():
        if shape != expected[name]:
            raise UserError(f"{source}: {name} has shape {shape}, the model expects {expected[name]}")


def adapter_dir(path: Path) -> Path | None:
    """The adapter directory `path` names — itself, or a LoRA run directory's latest — else None."""
    for candidate in (Path(path), Path(path) / "latest"):
        if (candidate / CONFIG).is_file():
            return candidate.resolve()
    return None


def recorded_base(directory: Path) -> Path:
    """The base checkpoint an adapter directory records."""
    meta = read_adapter_json(Path(directory) / CONFIG)
    if not meta.get("base"):
        raise UserError(f"{Path(directory) / CONFIG}: records no base checkpoint: name the base explicitly")
    base = Path(meta["base"])
    if not base.exists():
        raise UserError(f"{Path(directory) / CONFIG}: its base checkpoint {base} is gone: name the base explicitly")
    return base


def load_for_inference(path: Path, device: str | torch.device = "cpu", adapter: Path | None = None) -> LoadedModel:
    """The model at `path`, in eval mode: a checkpoint (or a run directory's latest) with its own
    weights, plus the LoRA `adapter` when one is given; or, when `path` is itself an adapter (or a
    LoRA run directory), that adapter on the base checkpoint it records. An adapter must have been
    trained on exactly its base (the weights hash is checked)."""
    own_adapter = adapter_dir(path) if adapter is None else None
    if adapter is None and own_adapter is None:
        return load_model(path, device)
    adapter = own_adapter or Path(adapter)
    base = load_model(path if own_adapter is None else recorded_base(adapter), device)
    load_adapter(adapter, base.model, base.config["weights_sha256"])
    base.model.eval()
    return base


def base_sha256_of(checkpoint_dir: Path) -> str:
    """The weights hash a base checkpoint (or a run directory's latest) records in config.json."""
    ckpt = resolve_checkpoint(checkpoint_dir)
    sha = read_config(ckpt).get("weights_sha256")
    if not isinstance(sha, str):
        raise UserError(f"{ckpt / BASE_CONFIG}: no weights_sha256 recorded, so an adapter cannot be tied to it")
    return sha


def export_merged(model: Transformer, tokenizer: Tokenizer, out_dir: Path, extra: dict[str, Any] | None = None) -> None:
    """Write `model` with its adapters merged as an ordinary checkpoint (model.checkpoint format)."""
    merged = strip(copy.deepcopy(model))
    with staged_dir(Path(out_dir), "export directory") as tmp:
        save_model(tmp, merged, tokenizer, extra)
