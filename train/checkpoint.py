"""Training checkpoints: atomic, keep-last-k plus best-by-val, and exact resume.

Layout of a run directory:

    checkpoints/step_000500/   model files (see model/checkpoint.py) + state.pt
    latest -> checkpoints/step_000500
    best   -> checkpoints/step_000400    (lowest validation loss so far)

`state.pt` holds what resuming needs beyond the weights: optimizer state, step, data-loader
position, RNG states, the run config and the tokenizer hash; `state.sha256` its checksum, checked
before it is read, as the weights' is (a flipped byte inside a tensor unpickles silently). A
checkpoint is written into `step_N.tmp/` and renamed into place, and the links are swapped with an
atomic rename, so a crash mid-write leaves the previous checkpoint and links untouched; a write that
fails (disk full, quota) is one line naming the checkpoint and the cause.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

from configs.errors import UserError
from configs.files import file_sha256, staged_dir
from data.pretrain.tokenizer import Tokenizer
from model.checkpoint import load_weights_into, read_config, read_weights, save_model
from model.model import Transformer

STATE, STATE_SHA256 = "state.pt", "state.sha256"


def step_dir(run_dir: Path, step: int) -> Path:
    return run_dir / "checkpoints" / f"step_{step:06d}"


def point_link(link: Path, target: Path) -> None:
    """Make `link` a relative symlink to `target`, replacing any old link atomically."""
    tmp = link.with_name(link.name + ".tmp")
    tmp.unlink(missing_ok=True)
    os.symlink(os.path.relpath(target, link.parent), tmp)
    os.replace(tmp, link)


def save_checkpoint(run_dir: Path, step: int, write_weights: Callable[[Path], None], state: dict[str, Any],
                    is_best: bool, keep_last: int) -> Path:
    """`write_weights(dir)` writes the model files (a full model, or a LoRA adapter) into dir."""
    final = step_dir(run_dir, step)
    try:
        with staged_dir(final, "checkpoint") as tmp:
            write_weights(tmp)
            with open(tmp / STATE, "wb") as f:  # a file object: a full disk raises OSError, not a C++ enforce
                torch.save(state, f)
            (tmp / STATE_SHA256).write_text(file_sha256(tmp / STATE) + "\n")
    except OSError as err:
        raise UserError(f"cannot write checkpoint {final}: {err.strerror or err}; "
                        f"the previous checkpoint is intact") from None
    point_link(run_dir / "latest", final)
    if is_best:
        point_link(run_dir / "best", final)
    prune(run_dir, keep_last)
    return final


def prune(run_dir: Path, keep_last: int) -> None:
    """Delete all but the newest `keep_last` checkpoints, never the one `best` or `latest` points to,
    and what an interrupted write left (`step_N.tmp`, `.old`: the run lock says no writer is alive)."""
    protected = {(run_dir / name).resolve() for name in ("best", "latest") if (run_dir / name).exists()}
    found = list((run_dir / "checkpoints").glob("step_*"))
    steps = sorted(p for p in found if p.suffix == "")
    for path in steps[:-keep_last]:
        if path.resolve() not in protected:
            shutil.rmtree(path)
    for path in found:
        if path.suffix in (".tmp", ".old"):
            shutil.rmtree(path, ignore_errors=True)


def find_resume_checkpoint(run_dir: Path, resume: str) -> Path | None:
    """`resume` is "latest" (the run directory's latest checkpoint) or a checkpoint path. "latest"
    in a directory with no checkpoint yet is None: a fresh run, so that a requeue script may always
    pass --resume."""
    path = run_dir / "latest" if resume == "latest" else Path(resume)
    if resume == "latest" and not os.path.lexists(path):
        return None
    if not (path / STATE).is_file():
        raise UserError(f"--resume: nothing to resume at {path} (no {STATE}; start a run first or name a checkpoint)")
    return path.resolve()


def check_compatible(ckpt: Path, model: Transformer, tokenizer: Tokenizer) -> dict[str, Any]:
    """The checkpoint must have been made with this run's model config and tokenizer."""
    config = read_config(ckpt)
    for name, value in vars(config["model"]).items():
        if getattr(model.cfg, name) != value:
            raise UserError(f"{ckpt}: model.{name} is {value} in the checkpoint "
                            f"but {getattr(model.cfg, name)} in this run")
    if config.get("tokenizer_sha256") != tokenizer.sha256:
        raise UserError(f"{ckpt}: trained with a different tokenizer than {tokenizer.path}")
    return config


def model_writer(model: Transformer, tokenizer: Tokenizer, extra: dict[str, Any]) -> Callable[[Path, dict], None]:
    """Writes the full model; config.json records `extra` and what the loop adds (step, val_loss)."""
    return lambda directory, record: save_model(directory, model, tokenizer, {**extra, **record})


def load_checkpoint(ckpt: Path, model: Transformer, tokenizer: Tokenizer) -> dict[str, Any]:
    """Load weights into `model` and return the training state (optimizer, step, loader, RNG)."""
    config = check_compatible(ckpt, model, tokenizer)
    load_weights_into(model, read_weights(ckpt, config.get("weights_sha256")), ckpt)
    return read_state(ckpt)


def read_state(ckpt: Path) -> dict[str, Any]:
    checksum = ckpt / STATE_SHA256
    if checksum.is_file() and checksum.read_text().strip() != file_sha256(ckpt / STATE):
        raise UserError(f"{ckpt / STATE}: checksum mismatch with {STATE_SHA256} (file corrupted)")
    try:
        return torch.load(ckpt / STATE, map_location="cpu", weights_only=True)
    except Exception as err:  # torch raises several types for a damaged pickle/zip
        raise UserError(f"{ckpt / STATE}: unreadable training state ({type(err).__name__}: {err})") from None


def rng_state() -> dict[str, Any]:
    state = {"torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict[str, Any]) -> None:
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])
