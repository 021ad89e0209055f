"""Run corpus -> tokenizer -> shards into one data directory, skipping stages already complete.

    python -m data.pretrain.prepare                                  # stdlib -> runs/data
    python -m data.pretrain.prepare --src ~/code --out runs/mydata --vocab-size 4096 --split code

Layout: DIR/corpus/ (manifest.json), DIR/tokenizer.json, DIR/shards/ (meta.json).

Design choices:
- A stage is complete when its marker exists (each stage writes it last), so rerunning after a
  crash or a finished run redoes only what is missing.
- A stage is also redone when its inputs changed: the corpus when the sources differ from its
  manifest, the tokenizer when its vocab size or split pattern differs from the one asked for, and every stage
  after one that was rebuilt. Shards are rebuilt whenever their recorded tokenizer sha256 differs
  from the tokenizer's, which also catches a tokenizer.json replaced by hand.
- A model trained elsewhere brings its own tokenizer (`given`, continued pretraining from
  `--init`): it is written as the directory's tokenizer instead of training one, into a directory
  that holds no other tokenizer (never replacing one that other runs' shards were made with).
"""
from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

from configs.errors import UserError, run_main
from data.pretrain.corpus import build_corpus, default_sources, read_manifest, read_texts
from data.pretrain.shards import read_meta, write_shards
from data.pretrain.tokenizer import SPLITS, Tokenizer, check_split, train_tokenizer


@dataclass(frozen=True)
class PreparedData:
    corpus_dir: Path
    tokenizer_path: Path
    shard_dir: Path


def corpus_stage(src_dirs: list[Path], corpus_dir: Path) -> bool:
    """Build the corpus unless a complete one from the same sources exists; True if built."""
    sources = [str(src) for src in src_dirs]
    if not (corpus_dir / "manifest.json").is_file():
        why = "not built yet"
    else:
        try:
            why = None if read_manifest(corpus_dir)["sources"] == sources else "sources changed"
        except UserError as err:
            why = str(err)
    if why is None:
        print(f"[1/3] corpus: {corpus_dir} is complete, skipping")
        return False
    print(f"[1/3] corpus: {why}; building {corpus_dir} from {', '.join(sources)}")
    build_corpus(src_dirs, corpus_dir)
    return True


def tokenizer_stage(corpus_dir: Path, path: Path, vocab_size: int, force: bool,
                    split: str = "cl100k") -> tuple[Tokenizer, bool]:
    """Load the tokenizer unless it is missing, stale or of another vocab size or split; True if trained."""
    tokenizer = None
    if not path.is_file():
        why = "not built yet"
    elif force:
        why = "corpus was rebuilt"
    else:
        try:
            tokenizer = Tokenizer.from_file(path)
            why = (f"has vocab {tokenizer.vocab_size}" if tokenizer.vocab_size != vocab_size
                   else f"has the {tokenizer.split} split" if tokenizer.split != split else None)
        except UserError as err:
            why = str(err)
    if why is None:
        print(f"[2/3] tokenizer: {path} is complete (vocab {vocab_size}, {split} split), skipping")
        return tokenizer, False
    print(f"[2/3] tokenizer: {why}; training vocab {vocab_size}, {split} split -> {path}")
    tokenizer = train_tokenizer(read_texts(corpus_dir, "train"), vocab_size, split)
    tokenizer.save(path)
    return tokenizer, True


def given_tokenizer_stage(given: Tokenizer, path: Path) -> tuple[Tokenizer, bool]:
    """Make `given` the directory's tokenizer; True if it was not already."""
    if path.is_file():
        if Tokenizer.from_file(path).sha256 != given.sha256:
            raise UserError(f"{path}: the data directory has its own tokenizer, not the one of the model to "
                            f"continue from; pass --data.dir NEW to build that model's data")
        print(f"[2/3] tokenizer: {path} is the model's own, skipping")
        return given, False
    print(f"[2/3] tokenizer: the model's own -> {path}")
    given.save(path)
    return given, True


def shards_stage(corpus_dir: Path, tokenizer: Tokenizer, shard_dir: Path, force: bool) -> None:
    """Tokenize the corpus unless complete shards made with this very tokenizer exist."""
    if not (shard_dir / "meta.json").is_file():
        why = "not built yet"
    elif force:
        why = "tokenizer was retrained"
    else:
        try:
            same = read_meta(shard_dir)["tokenizer_sha256"] == tokenizer.sha256
            why = None if same else "built with another tokenizer"
        except UserError as err:  # e.g. a shard truncated since
            why = str(err)
    if why is None:
        print(f"[3/3] shards: {shard_dir} is complete, skipping")
        return
    print(f"[3/3] shards: {why}; tokenizing -> {shard_dir}")
    write_shards(corpus_dir, tokenizer, shard_dir)


def prepare(src_dirs: list[Path] | None, data_dir: Path, vocab_size: int = 8192,
            given: Tokenizer | None = None, split: str = "cl100k") -> PreparedData:
    """Make `data_dir` hold a complete corpus, tokenizer (`given`, or trained with `split`) and shard set; return
    their paths."""
    check_split(split)
    out = PreparedData(data_dir / "corpus", data_dir / "tokenizer.json", data_dir / "shards")
    t0 = time.time()
    rebuilt = corpus_stage(src_dirs if src_dirs is not None else default_sources(), out.corpus_dir)
    t1 = time.time()
    if given:
        tokenizer, retrained = given_tokenizer_stage(given, out.tokenizer_path)
    else:
        tokenizer, retrained = tokenizer_stage(out.corpus_dir, out.tokenizer_path, vocab_size, rebuilt, split)
    t2 = time.time()
    shards_stage(out.corpus_dir, tokenizer, out.shard_dir, force=retrained)
    t3 = time.time()
    print(f"prepare: corpus {t1 - t0:.1f}s, tokenizer {t2 - t1:.1f}s, shards {t3 - t2:.1f}s "
          f"-> {data_dir}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, nargs="+", metavar="DIR",
                        help="source directories (default: this interpreter's stdlib)")
    parser.add_argument("--out", type=Path, default=Path("runs/data"), metavar="DIR",
                        help="data directory (default: runs/data)")
    parser.add_argument("--vocab-size", type=int, default=8192)
    parser.add_argument("--split", choices=list(SPLITS), default="cl100k", help="the tokenizer's pre-tokenizer split")
    args = parser.parse_args()
    prepare(args.src, args.out, args.vocab_size, split=args.split)


if __name__ == "__main__":
    run_main(main)
