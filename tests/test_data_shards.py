"""Shards: token stream layout, meta.json, integrity checks; prepare: stage skipping."""
import math
import os
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from configs.errors import UserError
from data.pretrain.corpus import build_corpus, default_sources, read_texts
from data.pretrain.prepare import prepare
from data.pretrain.shards import read_meta, write_shards
from data.pretrain.tokenizer import Tokenizer, train_tokenizer


@pytest.fixture(scope="module")
def src(tmp_path_factory) -> Path:
    """A copy of 30 stdlib modules: small enough to tokenize in well under a second."""
    src = tmp_path_factory.mktemp("src")
    for path in sorted(default_sources()[0].glob("*.py"))[:30]:
        (src / path.name).write_bytes(path.read_bytes())
    return src


@pytest.fixture(scope="module")
def corpus(src: Path, tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("corpus")
    build_corpus([src], corpus, val_fraction=0.2)
    return corpus


@pytest.fixture(scope="module")
def tokenizer(corpus: Path) -> Tokenizer:
    return train_tokenizer(read_texts(corpus, "train"), vocab_size=512)


def test_shards_hold_every_doc_followed_by_eot(corpus: Path, tokenizer: Tokenizer, tmp_path: Path):
    meta = write_shards(corpus, tokenizer, tmp_path, shard_tokens=10_000)
    assert meta == read_meta(tmp_path)
    assert meta["tokenizer_sha256"] == tokenizer.sha256 and meta["vocab_size"] == 512
    for split in ("train", "val"):
        expected = [t for doc in read_texts(corpus, split) for t in tokenizer.encode(doc) + [0]]
        info = meta["splits"][split]
        assert info["tokens"] == len(expected) == sum(s["tokens"] for s in info["shards"])
        assert all(s["tokens"] == 10_000 for s in info["shards"][:-1])
        stream = np.concatenate([np.fromfile(tmp_path / s["file"], dtype="<u2") for s in info["shards"]])
        assert stream.tolist() == expected
    assert len(meta["splits"]["train"]["shards"]) > 1
    assert 0 < meta["unigram_val_loss"] < math.log(512)  # better than uniform over the vocab


def test_truncated_or_missing_shards(corpus: Path, tokenizer: Tokenizer, tmp_path: Path):
    with pytest.raises(UserError, match="meta.json missing.*python -m data.pretrain.shards"):
        read_meta(tmp_path)
    meta = write_shards(corpus, tokenizer, tmp_path)
    shard = tmp_path / meta["splits"]["val"]["shards"][0]["file"]
    with open(shard, "r+b") as f:
        f.truncate(shard.stat().st_size - 2)
    with pytest.raises(UserError, match=f"{shard}: truncated or corrupted"):
        read_meta(tmp_path)
    shard.unlink()
    with pytest.raises(UserError, match=f"{shard}: shard listed in meta.json is missing"):
        read_meta(tmp_path)


def test_vocab_too_large_for_uint16(corpus: Path, tmp_path: Path):
    too_big = SimpleNamespace(vocab_size=70_000, path=Path("big.json"))
    with pytest.raises(UserError, match="big.json: vocab_size 70000 does not fit uint16"):
        write_shards(corpus, too_big, tmp_path)


def test_prepare_skips_completed_stages(src: Path, tmp_path: Path):
    def mtimes(data) -> list[int]:
        paths = [data.corpus_dir / "manifest.json", data.tokenizer_path, data.shard_dir / "meta.json"]
        return [p.stat().st_mtime_ns for p in paths]

    data = prepare([src], tmp_path, vocab_size=300)
    first = mtimes(data)
    assert prepare([src], tmp_path, vocab_size=300) == data
    assert mtimes(data) == first
    # Another vocab size retrains the tokenizer, and the shards follow; the corpus is kept.
    prepare([src], tmp_path, vocab_size=320)
    again = mtimes(data)
    assert again[0] == first[0] and again[1] != first[1] and again[2] != first[2]
    tokenizer = Tokenizer.from_file(data.tokenizer_path)
    assert read_meta(data.shard_dir)["tokenizer_sha256"] == tokenizer.sha256
    # A shard truncated behind prepare's back is rebuilt rather than trusted.
    shard = next(data.shard_dir.glob("train_*.bin"))
    os.truncate(shard, 2)
    prepare([src], tmp_path, vocab_size=320)
    read_meta(data.shard_dir)


def test_prepare_retrains_for_another_split(src: Path, tmp_path: Path):
    data = prepare([src], tmp_path, vocab_size=300)
    assert Tokenizer.from_file(data.tokenizer_path).split == "cl100k"
    corpus_time = (data.corpus_dir / "manifest.json").stat().st_mtime_ns
    prepare([src], tmp_path, vocab_size=300, split="code")
    tokenizer = Tokenizer.from_file(data.tokenizer_path)
    assert tokenizer.split == "code"
    assert read_meta(data.shard_dir)["tokenizer_sha256"] == tokenizer.sha256  # the shards follow
    assert (data.corpus_dir / "manifest.json").stat().st_mtime_ns == corpus_time
    with pytest.raises(UserError, match="tokenizer split must be one of cl100k, code, got 'gpt2'"):
        prepare([src], tmp_path, vocab_size=300, split="gpt2")

