"""WindowLoader / fixed_batches on synthetic shards whose tokens are their own stream positions."""
import json
from pathlib import Path

import numpy as np
import pytest
import torch

from configs.errors import UserError
from configs.files import write_json
from data.pretrain.loader import WindowLoader, fixed_batches

SEQ = 16
SHARD_TOKENS = [1000, 700]  # 999 // 16 + 699 // 16 = 62 + 43 = 105 windows


@pytest.fixture
def shard_dir(tmp_path: Path) -> Path:
    """Train shards holding tokens 0..999 and 1000..1699, so a token's value is its position."""
    shards, start = [], 0
    for i, n in enumerate(SHARD_TOKENS):
        np.arange(start, start + n, dtype="<u2").tofile(tmp_path / f"train_{i:03d}.bin")
        shards.append({"file": f"train_{i:03d}.bin", "tokens": n})
        start += n
    write_json(tmp_path / "meta.json", {
        "tokenizer_sha256": "0" * 64, "vocab_size": 2048, "dtype": "uint16",
        "splits": {"train": {"tokens": start, "shards": shards}, "val": {"tokens": 0, "shards": []}},
        "unigram_val_loss": None})
    return tmp_path


def starts(batches: list[torch.Tensor]) -> list[int]:
    return [int(row[0]) for batch in batches for row in batch]


def test_batches_are_consecutive_windows_within_a_shard(shard_dir: Path):
    loader = WindowLoader(shard_dir, "train", batch_size=4, seq_len=SEQ)
    stream = np.concatenate([np.memmap(shard_dir / f"train_{i:03d}.bin", dtype="<u2", mode="r")
                             for i in range(len(SHARD_TOKENS))])
    for _ in range(30):
        batch = loader.next_batch()
        assert batch.shape == (4, SEQ + 1) and batch.dtype == torch.int64
        x, y = batch[:, :-1], batch[:, 1:]
        assert torch.equal(y, x + 1)  # targets are the inputs shifted by one position
        for row in batch:
            first = int(row[0])
            assert torch.equal(row, torch.from_numpy(stream[first : first + SEQ + 1].astype(np.int64)))
            assert (first < 1000) == (int(row[-1]) < 1000)  # never crosses the shard boundary
            assert (first if first < 1000 else first - 1000) % SEQ == 0


def test_an_epoch_covers_every_window_once(shard_dir: Path):
    loader = WindowLoader(shard_dir, "train", batch_size=5, seq_len=SEQ, seed=3)
    epoch0 = starts([loader.next_batch() for _ in range(21)])  # 105 windows = 21 batches
    expected = [k * SEQ for k in range(62)] + [1000 + k * SEQ for k in range(43)]
    assert sorted(epoch0) == expected and epoch0 != expected
    epoch1 = starts([loader.next_batch() for _ in range(21)])
    assert sorted(epoch1) == expected and epoch1 != epoch0
    ordered = WindowLoader(shard_dir, "train", batch_size=5, seq_len=SEQ, shuffle=False)
    assert starts([ordered.next_batch() for _ in range(21)]) == expected


def test_resume_matches_uninterrupted_run_across_epochs(shard_dir: Path):
    reference = WindowLoader(shard_dir, "train", batch_size=8, seq_len=SEQ, seed=7)
    batches = [reference.next_batch() for _ in range(40)]  # 320 windows: three epoch boundaries
    interrupted = WindowLoader(shard_dir, "train", batch_size=8, seq_len=SEQ, seed=7)
    for _ in range(12):
        interrupted.next_batch()
    state = json.loads(json.dumps(interrupted.state_dict()))  # survives a JSON checkpoint
    assert state == {"epoch": 0, "cursor": 96, "seed": 7, "seq_len": SEQ, "batch_size": 8, "world_size": 1}
    resumed = WindowLoader(shard_dir, "train", batch_size=8, seq_len=SEQ, seed=7)
    resumed.load_state_dict(state)
    for expected in batches[12:]:
        assert torch.equal(resumed.next_batch(), expected)
    assert resumed.state_dict()["epoch"] == 3


def test_ranks_read_disjoint_windows(shard_dir: Path):
    ranks = [WindowLoader(shard_dir, "train", batch_size=4, seq_len=SEQ, seed=1, rank=r, world_size=2)
             for r in range(2)]
    seen = [set(starts([loader.next_batch() for _ in range(13)])) for loader in ranks]  # 52 per rank
    assert len(seen[0]) == len(seen[1]) == 52 and not seen[0] & seen[1]
    assert all(loader.state_dict()["epoch"] == 1 for loader in ranks)  # both changed epoch together


def test_two_ranks_of_b_read_exactly_what_one_rank_of_2b_reads(shard_dir: Path):
    single = WindowLoader(shard_dir, "train", batch_size=8, seq_len=SEQ, seed=3)
    ranks = [WindowLoader(shard_dir, "train", batch_size=4, seq_len=SEQ, seed=3, rank=r, world_size=2)
             for r in range(2)]
    for _ in range(5):
        together = torch.cat([loader.next_batch() for loader in ranks])
        assert sorted(starts([together])) == sorted(starts([single.next_batch()]))


def test_resume_with_a_different_world_size_continues_at_the_same_place(shard_dir: Path):
    ranks = [WindowLoader(shard_dir, "train", batch_size=4, seq_len=SEQ, seed=3, rank=r, world_size=2)
             for r in range(2)]
    for _ in range(3):
        for loader in ranks:
            loader.next_batch()
    state = ranks[0].state_dict()  # rank 0's, as a checkpoint holds it: 12 windows read per rank
    assert state["world_size"] == 2 and state["cursor"] == 12
    single = WindowLoader(shard_dir, "train", batch_size=8, seq_len=SEQ, seed=3)
    single.load_state_dict(state)
    reference = WindowLoader(shard_dir, "train", batch_size=8, seq_len=SEQ, seed=3)
    for _ in range(3):
        reference.next_batch()  # one process that read the same 24 windows
    assert torch.equal(single.next_batch(), reference.next_batch())


def test_state_mismatch_and_bad_arguments(shard_dir: Path):
    loader = WindowLoader(shard_dir, "train", batch_size=4, seq_len=SEQ)
    with pytest.raises(UserError, match="seq_len=32 does not match"):
        loader.load_state_dict({**loader.state_dict(), "seq_len": 32})
    with pytest.raises(UserError, match="seed=5 does not match"):
        loader.load_state_dict({**loader.state_dict(), "seed": 5})
    with pytest.raises(UserError, match=f"{shard_dir}: split 'train' has 1700 tokens, too few"):
        WindowLoader(shard_dir, "train", batch_size=1, seq_len=1000)
    with pytest.raises(UserError, match=f"{shard_dir}: split 'val' has 0 tokens"):
        WindowLoader(shard_dir, "val", batch_size=1, seq_len=SEQ)
    with pytest.raises(UserError, match="meta.json missing"):
        WindowLoader(shard_dir / "nope", "train", batch_size=1, seq_len=SEQ)


def test_fixed_batches(shard_dir: Path):
    batches = fixed_batches(shard_dir, "train", batch_size=10, seq_len=SEQ, n_batches=3)
    assert len(batches) == 3 and starts(batches) == [k * SEQ for k in range(30)]
    assert all(torch.equal(a, b) for a, b in
               zip(batches, fixed_batches(shard_dir, "train", batch_size=10, seq_len=SEQ, n_batches=3)))
    assert len(fixed_batches(shard_dir, "train", batch_size=10, seq_len=SEQ, n_batches=100)) == 10
    (only,) = fixed_batches(shard_dir, "train", batch_size=500, seq_len=SEQ, n_batches=4)
    assert only.shape == (105, SEQ + 1)
