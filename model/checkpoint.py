"""Model checkpoints: a directory a user can hand to sampling, evaluation or export.

    model.safetensors   weights (the tied head is stored once, as `embed.weight`)
    config.json         {"model": ModelConfig fields, "weights_sha256": ..., "tokenizer_sha256": ..., ...}
    tokenizer.json      the tokenizer the model was trained with, so a checkpoint is self-contained

The weights' sha256 is recorded and checked on load: safetensors itself notices a truncated file
but not flipped bytes inside the tensor data. A run directory (with a `latest` link) resolves to
its latest checkpoint. A Hugging Face Llama directory loads too (model/hf.py): `--init`,
evaluation and sampling take one as they take a checkpoint.
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save

from configs.errors import UserError
from configs.files import file_sha256
from data.pretrain.tokenizer import Tokenizer
from model.config import ModelConfig
from model.hf import from_hf_tensors, is_hf_dir, model_config_from_hf
from model.model import Transformer

WEIGHTS, CONFIG, TOKENIZER = "model.safetensors", "config.json", "tokenizer.json"


def save_model(directory: Path, model: Transformer, tokenizer: Tokenizer, extra: dict[str, Any] | None = None) -> None:
    """Write weights, config and tokenizer into `directory` (the caller makes the directory appear atomically)."""
    directory.mkdir(parents=True, exist_ok=True)
    tensors = {k: v.detach().to("cpu").contiguous() for k, v in model.state_dict().items()}
    (directory / WEIGHTS).write_bytes(save(tensors))  # through Python: a full disk is an OSError with its cause
    shutil.copyfile(tokenizer.path, directory / TOKENIZER)
    config = {"model": asdict(model.cfg), "weights_sha256": file_sha256(directory / WEIGHTS),
              "tokenizer_sha256": tokenizer.sha256, **(extra or {})}
    (directory / CONFIG).write_text(json.dumps(config, indent=2))


def resolve_checkpoint(path: Path) -> Path:
    """A checkpoint directory, or a run directory whose `latest` link names one."""
    path = Path(path)
    if (path / WEIGHTS).is_file():
        return path
    if (path / "latest" / WEIGHTS).is_file():
        return (path / "latest").resolve()
    raise UserError(f"no checkpoint at {path} (expected {WEIGHTS} there or a run directory with a `latest` checkpoint)")


def read_config(ckpt: Path) -> dict[str, Any]:
    """config.json, with "model" as a ModelConfig. A Hugging Face Llama directory (model/hf.py) reads
    as one too, its weights hash computed, so adapters and evaluation treat it like any checkpoint."""
    if is_hf_dir(ckpt):
        return {"model": model_config_from_hf(ckpt), "format": "hf", "stage": "import",
                "weights_sha256": file_sha256(ckpt / WEIGHTS), "tokenizer_sha256": None}
    try:
        config = json.loads((ckpt / CONFIG).read_text())
        known = {f.name for f in fields(ModelConfig)}
        model_cfg = ModelConfig(**{k: v for k, v in config["model"].items() if k in known})
    except FileNotFoundError:
        raise UserError(f"{ckpt / CONFIG}: missing") from None
    except (json.JSONDecodeError, KeyError, TypeError) as err:
        raise UserError(f"{ckpt / CONFIG}: unreadable checkpoint config ({err})") from None
    return {**config, "model": model_cfg}


def read_weights(ckpt: Path, expected_sha256: str | None) -> dict[str, torch.Tensor]:
    path = ckpt / WEIGHTS
    try:
        tensors = load_file(path)
    except (SafetensorError, OSError) as err:
        raise UserError(f"{path}: truncated or corrupted safetensors file ({err})") from None
    if expected_sha256 is not None and file_sha256(path) != expected_sha256:
        raise UserError(f"{path}: checksum mismatch with {CONFIG} (file corrupted)")
    return tensors


def load_weights_into(model: Transformer, tensors: dict[str, torch.Tensor], source: Path) -> None:
    expected = model.state_dict()
    missing, unexpected = expected.keys() - tensors.keys(), tensors.keys() - expected.keys()
    if missing or unexpected:
        raise UserError(f"{source}: weights don't match the model (missing {sorted(missing)[:3]}, "
                        f"unexpected {sorted(unexpected)[:3]})")
    for name, tensor in tensors.items():
        if tensor.shape != expected[name].shape:
            raise UserError(f"{source}: {name} has shape {tuple(tensor.shape)}, "
                            f"model expects {tuple(expected[name].shape)}")
    diverged = first_nonfinite(tensors)
    if diverged:
        raise UserError(f"{source}: {diverged} holds NaN or infinite values (a diverged model)")
    model.load_state_dict(tensors)


def first_nonfinite(tensors: Mapping[str, torch.Tensor]) -> str | None:
    """The name of the first floating-point tensor holding a NaN or an infinity, if any: a diverged
    model is never written or loaded."""
    return next((name for name, t in tensors.items() if t.is_floating_point() and not torch.isfinite(t).all()), None)


@dataclass
class LoadedModel:
    model: Transformer
    tokenizer: Tokenizer
    config: dict[str, Any]  # config.json, with "model" as a ModelConfig
    path: Path


def load_model(path: Path, device: str | torch.device = "cpu") -> LoadedModel:
    """Load a checkpoint (or a run directory's latest) for inference, in eval mode. A LoRA adapter
    on top is lora's business: `lora.load_for_inference`."""
    ckpt = resolve_checkpoint(path)
    config = read_config(ckpt)
    tokenizer = Tokenizer.from_file(ckpt / TOKENIZER)
    if config.get("tokenizer_sha256") not in (None, tokenizer.sha256):
        raise UserError(f"{ckpt / TOKENIZER}: does not match the tokenizer the model was trained with")
    if config.get("format") == "hf" and tokenizer.vocab_size != config["model"].vocab_size:
        raise UserError(f"{ckpt / TOKENIZER}: {tokenizer.vocab_size} tokens, but the model's vocabulary has "
                        f"{config['model'].vocab_size}")
    model = Transformer(config["model"])
    if config.get("format") == "hf":  # its hash was just computed from the file, not recorded: nothing to check
        tensors = from_hf_tensors(read_weights(ckpt, None), config["model"], ckpt)
    else:
        tensors = read_weights(ckpt, config.get("weights_sha256"))
    load_weights_into(model, tensors, ckpt / WEIGHTS)
    return LoadedModel(model.to(device).eval(), tokenizer, config, ckpt)
