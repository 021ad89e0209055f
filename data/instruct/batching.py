"""Length-bucketed batches with dynamic padding, and a checkpointable position.

Each epoch shuffles the examples (seeded by (seed, epoch)), sorts them by length within windows of
`bucket_batches` batches, cuts those into batches and shuffles the batch order. A batch is padded
only to its own longest example, so little compute goes to padding and the model never sees long
runs of it (static padding to the maximum length made an earlier model overfit to pad tokens).
Padding sits on the right, where causal attention keeps it from touching real tokens, and its
labels are the ignore index. The position (epoch, batch cursor) is two integers.
"""
from __future__ import annotations

import numpy as np
import torch

from configs.errors import UserError
from data.instruct.examples import IGNORE_INDEX, TokenizedExample


def epoch_batches(lengths: list[int], batch_size: int, seed: int, epoch: int,
                  bucket_batches: int = 16) -> list[list[int]]:
    rng = np.random.default_rng((seed, epoch))
    order = rng.permutation(len(lengths))
    window = batch_size * bucket_batches
    batches = []
    for start in range(0, len(order), window):
        chunk = sorted(order[start:start + window], key=lambda i: lengths[i])
        batches += [chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size)]
    return [batches[i] for i in rng.permutation(len(batches))]


def collate(examples: list[TokenizedExample], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(inputs, targets), both (B, longest - 1): targets are the labels shifted by one."""
    width = max(len(e.ids) for e in examples)
    ids = torch.full((len(examples), width), pad_id, dtype=torch.long)
    labels = torch.full((len(examples), width), IGNORE_INDEX, dtype=torch.long)
    for row, example in enumerate(examples):
        ids[row, :len(example.ids)] = torch.tensor(example.ids)
        labels[row, :len(example.ids)] = torch.tensor(example.labels())
    return ids[:, :-1], labels[:, 1:]


class BucketBatcher:
    """Endless length-bucketed batches. In a run of `world_size` ranks, rank r takes batches r,
    r + world_size, ... of the one shared epoch order, so the cursor counts global batches and a
    checkpoint resumes under any world size."""

    def __init__(self, examples: list[TokenizedExample], batch_size: int, pad_id: int, seed: int,
                 rank: int = 0, world_size: int = 1):
        if not examples:
            raise UserError("no training examples left (all longer than the context?)")
        self.examples, self.batch_size, self.pad_id, self.seed = examples, batch_size, pad_id, seed
        self.rank, self.world_size = rank, world_size
        self.lengths = [len(e.ids) for e in examples]
        self.epoch, self.cursor = 0, 0
        self._batches = epoch_batches(self.lengths, batch_size, seed, 0)
        if len(self._batches) < world_size:
            raise UserError(f"{len(self._batches)} batches per epoch cannot feed {world_size} ranks: "
                            "lower the batch size or add data")

    def next_batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        usable = len(self._batches) - len(self._batches) % self.world_size  # all ranks change epoch together
        if self.cursor >= usable:
            self.epoch, self.cursor = self.epoch + 1, 0
            self._batches = epoch_batches(self.lengths, self.batch_size, self.seed, self.epoch)
        batch = self._batches[self.cursor + self.rank]
        self.cursor += self.world_size
        return collate([self.examples[i] for i in batch], self.pad_id)

    def state_dict(self) -> dict:
        return {"epoch": self.epoch, "cursor": self.cursor, "seed": self.seed, "batch_size": self.batch_size,
                "n_examples": len(self.examples)}

    def load_state_dict(self, state: dict) -> None:
        for field in ("seed", "batch_size", "n_examples"):
            if state.get(field) != self.state_dict()[field]:
                raise UserError(f"batcher state {field}={state.get(field)} does not match this run's "
                                f"{self.state_dict()[field]} (different data or batch size?)")
        self.epoch, self.cursor = state["epoch"], state["cursor"]
        self._batches = epoch_batches(self.lengths, self.batch_size, self.seed, self.epoch)
