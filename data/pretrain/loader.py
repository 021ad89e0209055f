"""Stage 4: serve training windows from the token shards, resumably and split across ranks.

    loader = WindowLoader(shard_dir, "train", batch_size=32, seq_len=1024, seed=0)
    batch = loader.next_batch()          # int64 (32, 1025): inputs batch[:, :-1], targets batch[:, 1:]

Design choices:
- A window is seq_len + 1 consecutive tokens, so one slice holds both inputs and shifted targets.
  Windows start every seq_len tokens inside a shard (neighbours share one token, so no token is a
  target twice in an epoch) and never cross a shard boundary, so each is one memmap slice.
- Windows are numbered globally across shards; an epoch is a permutation of those numbers drawn
  from np.random.default_rng((seed, epoch)). The order is a pure function of (seed, epoch), which
  makes the position checkpointable as two integers (epoch, cursor) with no RNG state to save.
- Rank r of world_size takes permutation slots r, r + world_size, r + 2 * world_size, ...:
  ranks read disjoint windows, and together one step's batches are exactly the windows a single
  process with world_size times the batch would read. Every rank gets len // world_size windows
  per epoch (the few left over are skipped) so all ranks change epoch at the same step.
- The stream is endless: a batch that runs past the end of an epoch continues in the next one.
- Shards are np.memmap(mode="r"): the OS page cache holds the data, nothing is loaded up front.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from configs.errors import UserError
from data.pretrain.shards import DTYPE, read_meta


class Windows:
    """A split's shards seen as one indexable list of (seq_len + 1)-token windows."""

    def __init__(self, shard_dir: Path, split: str, seq_len: int):
        if seq_len < 1:
            raise UserError(f"seq_len must be at least 1, got {seq_len}")
        meta = read_meta(shard_dir)
        if split not in meta["splits"]:
            raise UserError(f"{shard_dir}: no split {split!r} in meta.json")
        shards = meta["splits"][split]["shards"]
        self.seq_len = seq_len
        self.shards = [np.memmap(shard_dir / s["file"], dtype=DTYPE, mode="r") for s in shards]
        # A shard of n tokens holds windows starting at 0, seq_len, ... while start + seq_len < n.
        counts = [max(0, (len(m) - 1) // seq_len) for m in self.shards]
        self.first = np.cumsum([0] + counts)  # global index of each shard's first window
        if len(self) == 0:
            tokens = meta["splits"][split]["tokens"]
            raise UserError(f"{shard_dir}: split {split!r} has {tokens} tokens, too few for one "
                            f"window of seq_len + 1 = {seq_len + 1} tokens")

    def __len__(self) -> int:
        return int(self.first[-1])

    def gather(self, indices: np.ndarray) -> torch.Tensor:
        """Stack the windows with these global indices into an int64 (len(indices), seq_len + 1)."""
        shard_of = np.searchsorted(self.first, indices, side="right") - 1
        rows = []
        for i, s in zip(indices, shard_of):
            start = (i - self.first[s]) * self.seq_len
            rows.append(self.shards[s][start : start + self.seq_len + 1])
        return torch.from_numpy(np.stack(rows).astype(np.int64))


class WindowLoader:
    """Endless shuffled batches of windows for one rank, with a checkpointable position."""

    def __init__(self, shard_dir: Path, split: str, batch_size: int, seq_len: int, seed: int = 0,
                 rank: int = 0, world_size: int = 1, shuffle: bool = True):
        if batch_size < 1:
            raise UserError(f"batch_size must be at least 1, got {batch_size}")
        if seed < 0:
            raise UserError(f"seed must be non-negative, got {seed}")
        if not 0 <= rank < world_size:
            raise UserError(f"rank must be in [0, world_size={world_size}), got {rank}")
        self.windows = Windows(shard_dir, split, seq_len)
        self.batch_size, self.seq_len, self.seed = batch_size, seq_len, seed
        self.rank, self.world_size, self.shuffle = rank, world_size, shuffle
        self.per_epoch = len(self.windows) // world_size  # windows this rank reads per epoch
        if self.per_epoch == 0:
            raise UserError(f"{shard_dir}: split {split!r} has {len(self.windows)} windows of "
                            f"{seq_len + 1} tokens, fewer than world_size={world_size}")
        self.epoch, self.cursor = 0, 0  # position: next window is order(epoch)[cursor]
        self._order_cache: tuple[int, np.ndarray] | None = None

    def order(self, epoch: int) -> np.ndarray:
        """This rank's window indices for `epoch`, in reading order."""
        if self._order_cache is None or self._order_cache[0] != epoch:
            n = len(self.windows)
            rng = np.random.default_rng((self.seed, epoch))
            perm = rng.permutation(n) if self.shuffle else np.arange(n)
            self._order_cache = (epoch, perm[self.rank :: self.world_size][: self.per_epoch])
        return self._order_cache[1]

    def next_batch(self) -> torch.Tensor:
        """The next (batch_size, seq_len + 1) int64 batch on the CPU."""
        parts = []
        needed = self.batch_size
        while needed:
            part = self.order(self.epoch)[self.cursor : self.cursor + needed]
            parts.append(part)
            needed -= len(part)
            self.cursor += len(part)
            if self.cursor == self.per_epoch:
                self.epoch, self.cursor = self.epoch + 1, 0
        return self.windows.gather(np.concatenate(parts))

    def state_dict(self) -> dict:
        return {"epoch": self.epoch, "cursor": self.cursor, "seed": self.seed, "seq_len": self.seq_len,
                "batch_size": self.batch_size, "world_size": self.world_size}

    def load_state_dict(self, state: dict) -> None:
        """Resume at `state`. batch_size may differ (the cursor counts windows, not batches), and so
        may world_size: the position is converted through the epoch's permutation slot it reached
        (cursor · world_size), which every world size reads in the same order."""
        for field in ("epoch", "cursor", "seed", "seq_len"):
            if field not in state:
                raise UserError(f"loader state is missing field {field!r}")
        for field in ("seed", "seq_len"):
            if state[field] != getattr(self, field):
                raise UserError(f"loader state {field}={state[field]} does not match this loader's "
                                f"{field}={getattr(self, field)}")
        saved_world = int(state.get("world_size", 1))
        cursor = int(state["cursor"]) * saved_world // self.world_size
        if not 0 <= cursor < self.per_epoch:
            raise UserError(f"loader state cursor={state['cursor']} (world_size {saved_world}) is outside this "
                            f"split's epoch of {self.per_epoch} windows per rank (different data?)")
        self.epoch, self.cursor = int(state["epoch"]), cursor


def fixed_batches(shard_dir: Path, split: str, batch_size: int, seq_len: int,
                  n_batches: int) -> list[torch.Tensor]:
    """The first n_batches batches in stream order, for a deterministic validation loss.

    Only full batches are returned (fewer if the split is short), except that a split with fewer
    windows than batch_size yields one smaller batch of all of them rather than nothing.
    """
    if n_batches < 1 or batch_size < 1:
        raise UserError(f"n_batches and batch_size must be at least 1, got {n_batches} and {batch_size}")
    windows = Windows(shard_dir, split, seq_len)
    if len(windows) < batch_size:
        return [windows.gather(np.arange(len(windows)))]
    n = min(n_batches, len(windows) // batch_size)
    return [windows.gather(np.arange(b * batch_size, (b + 1) * batch_size)) for b in range(n)]
