"""Data-parallel training on PyTorch's own stack: `torchrun --nproc_per_node=K -m train.pretrain`.

torchrun sets RANK, WORLD_SIZE and LOCAL_RANK; without them this is a world of one and nothing
below costs anything. Each rank reads its own slice of every global batch (the data loaders take
rank and world size), holds a full replica wrapped in DistributedDataParallel, and all-reduces
gradients once per optimizer step: the micro-steps before the last run under `no_sync()`. Rank 0
alone logs, evaluates and writes checkpoints; the others wait at a barrier meanwhile. NCCL on
CUDA, gloo on the CPU (which is how CI tests it).
"""
from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass

import torch
import torch.distributed as dist
import torch.nn as nn
from torch.nn.parallel import DistributedDataParallel

from configs.errors import UserError


@dataclass(frozen=True)
class World:
    rank: int = 0
    world_size: int = 1
    local_rank: int = 0

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def distributed(self) -> bool:
        return self.world_size > 1


def init_world(device_name: str) -> tuple[World, str]:
    """Join the process group torchrun describes (if any); returns the world and the device name
    this rank should use (cuda:LOCAL_RANK under torchrun on GPUs)."""
    world_size = int(os.environ.get("WORLD_SIZE", "1"))
    if world_size == 1:
        return World(), device_name
    world = World(int(os.environ["RANK"]), world_size, int(os.environ.get("LOCAL_RANK", "0")))
    use_cuda = device_name.startswith("cuda") or (device_name == "auto" and torch.cuda.is_available())
    if use_cuda:
        if torch.cuda.device_count() <= world.local_rank:
            raise UserError(f"LOCAL_RANK {world.local_rank} but only {torch.cuda.device_count()} CUDA devices")
        device_name = f"cuda:{world.local_rank}"
        torch.cuda.set_device(world.local_rank)
    elif device_name == "auto":
        device_name = "cpu"
    if not dist.is_initialized():
        dist.init_process_group("nccl" if use_cuda else "gloo")
    return world, device_name


def wrap(model: nn.Module, world: World, device: torch.device) -> nn.Module:
    """The module the training step calls: DDP around `model` in a distributed run, else `model`."""
    if not world.distributed:
        return model
    return DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)


def no_sync(model: nn.Module, last_micro_step: bool) -> contextlib.AbstractContextManager:
    """Skip DDP's gradient all-reduce on every micro-step but the last of an optimizer step."""
    if isinstance(model, DistributedDataParallel) and not last_micro_step:
        return model.no_sync()
    return contextlib.nullcontext()


def mean_over_ranks(value: torch.Tensor, world: World) -> torch.Tensor:
    if world.distributed:
        value = value.clone()
        dist.all_reduce(value, op=dist.ReduceOp.SUM)
        value /= world.world_size
    return value


def highest(values: list[int], world: World, device: torch.device) -> list[int]:
    """Each value's largest over the ranks, on every rank, in one all-reduce: a flag or a signal that
    one rank has (its clock ran out, it was sent SIGTERM) holds for all, so they stop together."""
    if not world.distributed:
        return values
    tensor = torch.tensor(values, device=device)
    dist.all_reduce(tensor, op=dist.ReduceOp.MAX)
    return tensor.tolist()


def barrier(world: World) -> None:
    if world.distributed:
        dist.barrier()


def close(world: World) -> None:
    if world.distributed and dist.is_initialized():
        dist.destroy_process_group()
