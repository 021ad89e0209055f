"""Stage 3: tokenize the corpus into flat uint16 token shards that the loader memory-maps.

    python -m data.pretrain.shards --corpus runs/data/corpus --tokenizer runs/data/tokenizer.json \\
        --out runs/data/shards

Output: DIR/{split}_{i:03d}.bin (raw little-endian uint16 tokens) and DIR/meta.json.

Design choices:
- Each split is one token stream: every document followed by EOT, so the model learns where files
  end, and windows can start anywhere without padding. Shards cut the stream at a fixed token
  count (a document may continue in the next shard): bounded file sizes, nothing else.
- Raw uint16 with no header: np.memmap reads it directly, and size == 2 * tokens is a complete
  integrity check against truncation (read_meta does it).
- meta.json is written last, after removing the old one and old shards: its presence marks a
  complete set. It records the tokenizer's sha256 so stale shards are detected.
- meta.json carries `unigram_val_loss`, the val cross-entropy of the train unigram distribution:
  a model whose val loss is not well below it has learned nothing beyond token frequencies.
"""
from __future__ import annotations

import argparse
import json
import math
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

import numpy as np
from tqdm import tqdm

from configs.errors import UserError, run_main
from configs.files import atomic_open, make_dir, write_json
from data.pretrain.corpus import SPLITS, read_manifest, read_texts
from data.pretrain.tokenizer import Tokenizer

DTYPE = np.dtype("<u2")  # little-endian uint16, whatever the host byte order
ENCODE_BATCH_DOCS = 256  # documents per encode_batch call: enough to keep the Rust threads busy


class ShardWriter:
    """Cuts a token stream into `{split}_{i:03d}.bin` files of exactly shard_tokens (last: fewer)."""

    def __init__(self, out_dir: Path, split: str, shard_tokens: int):
        self.out_dir, self.split, self.shard_tokens = out_dir, split, shard_tokens
        self.pending: list[np.ndarray] = []
        self.n_pending = 0
        self.shards: list[dict] = []  # [{"file", "tokens"}], the entries for meta.json

    def write(self, tokens: np.ndarray) -> None:
        self.pending.append(tokens)
        self.n_pending += len(tokens)
        while self.n_pending >= self.shard_tokens:
            stream = np.concatenate(self.pending)
            self._flush(stream[: self.shard_tokens])
            self.pending = [stream[self.shard_tokens:]]
            self.n_pending = len(self.pending[0])

    def close(self) -> list[dict]:
        if self.n_pending:
            self._flush(np.concatenate(self.pending))
        return self.shards

    def _flush(self, tokens: np.ndarray) -> None:
        name = f"{self.split}_{len(self.shards):03d}.bin"
        with atomic_open(self.out_dir / name, "wb") as f:
            f.write(tokens.astype(DTYPE).tobytes())
        self.shards.append({"file": name, "tokens": len(tokens)})


def batches(items: Iterable[str], n: int) -> Iterator[list[str]]:
    it = iter(items)
    while batch := list(islice(it, n)):
        yield batch


def write_split(corpus_dir: Path, tokenizer: Tokenizer, out_dir: Path, split: str,
                n_docs: int, shard_tokens: int) -> tuple[list[dict], np.ndarray]:
    """Tokenize one split into shards; return the shard entries and per-token-id counts."""
    writer = ShardWriter(out_dir, split, shard_tokens)
    counts = np.zeros(tokenizer.vocab_size, dtype=np.int64)
    eot = [tokenizer.eot_id]
    with tqdm(total=n_docs, desc=f"shards {split}", unit="doc") as bar:
        for docs in batches(read_texts(corpus_dir, split), ENCODE_BATCH_DOCS):
            ids = [t for doc in tokenizer.encode_batch(docs) for t in doc + eot]
            tokens = np.array(ids, dtype=DTYPE)
            counts += np.bincount(tokens, minlength=len(counts))
            writer.write(tokens)
            bar.update(len(docs))
    return writer.close(), counts


def unigram_loss(train_counts: np.ndarray, val_counts: np.ndarray) -> float | None:
    """Cross-entropy (nats/token) of val under add-one-smoothed train unigram frequencies."""
    if val_counts.sum() == 0:
        return None  # only a one-file corpus has no val split
    log_p = np.log(train_counts + 1) - math.log(train_counts.sum() + len(train_counts))
    return float(-(val_counts * log_p).sum() / val_counts.sum())


def write_shards(corpus_dir: Path, tokenizer: Tokenizer, out_dir: Path,
                 shard_tokens: int = 2**24) -> dict:
    """Tokenize both corpus splits into shards under `out_dir`; return the meta written last."""
    if tokenizer.vocab_size > 2**16:
        raise UserError(f"tokenizer {tokenizer.path}: vocab_size {tokenizer.vocab_size} does not fit "
                        f"uint16 shards (max 65536)")
    manifest = read_manifest(corpus_dir)
    make_dir(out_dir, "shard directory")
    (out_dir / "meta.json").unlink(missing_ok=True)  # an old marker must not vouch for new shards
    for split in SPLITS:
        for old in out_dir.glob(f"{split}_*.bin"):
            old.unlink()  # a previous build may have had more shards

    splits, counts = {}, {}
    for split in SPLITS:
        n_docs = manifest["splits"][split]["files"]
        shards, counts[split] = write_split(corpus_dir, tokenizer, out_dir, split, n_docs, shard_tokens)
        splits[split] = {"tokens": int(counts[split].sum()), "shards": shards}
    meta = {
        "tokenizer_sha256": tokenizer.sha256,
        "vocab_size": tokenizer.vocab_size,
        "dtype": "uint16",
        "splits": splits,
        "unigram_val_loss": unigram_loss(counts["train"], counts["val"]),
    }
    write_json(out_dir / "meta.json", meta)
    print(summary(meta, manifest))
    return meta


def summary(meta: dict, manifest: dict) -> str:
    parts = []
    for split, info in meta["splits"].items():
        n_bytes = manifest["splits"][split]["bytes"]
        per_byte = f", {info['tokens'] / n_bytes:.3f} tokens/byte" if n_bytes else ""
        parts.append(f"{split} {info['tokens']:,} tokens in {len(info['shards'])} shard(s){per_byte}")
    loss = meta["unigram_val_loss"]
    return f"shards: {'; '.join(parts)}; unigram val loss {loss if loss is None else round(loss, 3)}"


def read_meta(shard_dir: Path) -> dict:
    """meta.json of a complete shard set, after checking every listed shard has the right size."""
    path = shard_dir / "meta.json"
    if not path.is_file():
        raise UserError(f"no shards in {shard_dir} (meta.json missing); build them with: python -m "
                        f"data.pretrain.shards --corpus DIR --tokenizer FILE --out {shard_dir}")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
        if meta["dtype"] != "uint16":
            raise UserError(f"{path}: dtype {meta['dtype']!r} is not supported (expected uint16)")
        for info in meta["splits"].values():
            for shard in info["shards"]:
                check_shard(shard_dir / shard["file"], shard["tokens"])
    except (ValueError, OSError) as err:
        raise UserError(f"{path}: unreadable ({err})") from None
    except (KeyError, TypeError, AttributeError) as err:
        raise UserError(f"{path}: malformed meta ({type(err).__name__}: {err})") from None
    return meta


def check_shard(path: Path, tokens: int) -> None:
    if not path.is_file():
        raise UserError(f"{path}: shard listed in meta.json is missing")
    size = path.stat().st_size
    if size != DTYPE.itemsize * tokens:
        raise UserError(f"{path}: truncated or corrupted ({size} bytes, expected "
                        f"{DTYPE.itemsize * tokens} for {tokens} tokens)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, metavar="DIR", help="corpus directory")
    parser.add_argument("--tokenizer", type=Path, required=True, metavar="FILE", help="tokenizer.json")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="shard directory")
    args = parser.parse_args()
    write_shards(args.corpus, Tokenizer.from_file(args.tokenizer), args.out)


if __name__ == "__main__":
    run_main(main)
