"""Stage 2: a byte-level BPE tokenizer for Python source, trained with HuggingFace `tokenizers`.

    python -m data.pretrain.tokenizer --corpus runs/data/corpus --out runs/data/tokenizer.json

Design choices:
- Byte-level BPE over all 256 bytes: any text is representable (no <unk>) and
  decode(encode(s)) == s exactly. No normalizer, since NFC or stripping would change source code.
- Pre-tokenization is a split pattern (`SPLITS`), then bytes-to-symbols. The default is GPT-4's (cl100k):
  a letter run may take one leading non-letter, so `(numbers`, `.append` and `_x` are single tokens.
  `code` keeps identifiers (letters, digits and `_`, an optional leading space) apart from punctuation, so
  a name is the same token, or tokens, after `(`, `[` or `.` as in the signature: a model copies it from
  the prompt instead of learning one spelling per preceding character. It costs about 3 % more tokens, and
  measured in the CPU recipe (RESULTS.md, the `code-split` row, one seed) it parsed no more often and solved
  fewer mini and check tasks: the default stays cl100k.
  The pattern is saved in tokenizer.json; `Tokenizer.split` reads its name back. Whitespace runs are
  pieces of their own and `\\s+(?!\\S)` leaves the last space to the next word, so BPE learns a
  token per common indentation run: "\\n" + 8 spaces + "return x" is ["\\n", 7 spaces, " return",
  " x"], i.e. the indentation costs 1 token (measured with the 8192 vocab trained on the 3.11
  stdlib; same with the 1024 test vocab). Letting a letter run take one leading non-letter
  (`_name`, `.attr`, `(self`) gave 5% fewer tokens on stdlib val than a plain ` ?\\p{L}+` (0.268 vs 0.282
  tokens/byte at vocab 8192).
- The special tokens take ids 0..4 in SPECIAL_TOKENS order. They only ever come from code that
  means them (shards append `eot_id`): `encode` treats their literal strings as plain text, since
  source files do contain "<|endoftext|>" and HF would otherwise map it to the control id.
- `sha256` is the digest of the exact tokenizer.json bytes; shards record it so that shards built
  with another tokenizer are detected instead of silently decoded wrong.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from tokenizers import Regex, decoders, models, pre_tokenizers, trainers
from tokenizers import Tokenizer as HFTokenizer

from configs.errors import UserError, run_main
from configs.files import atomic_open, make_dir
from data.pretrain.corpus import read_texts

EOT = "<|endoftext|>"
PAD = "<|pad|>"
SPECIAL_TOKENS = [EOT, PAD, "<|instruction|>", "<|input|>", "<|response|>"]

# GPT-4's cl100k_base pattern, minus its possessive quantifiers (they never change a match here).
CL100K_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}"
                  r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
# The same, with Python identifiers (a letter or `_`, then letters, digits, `_`) in place of letter runs, and
# no punctuation in front of them: `(numbers` is `(` + `numbers`.
CODE_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)| ?[\p{L}_][\p{L}\p{N}_]*|\p{N}{1,3}"
                r"| ?[^\s\p{L}\p{N}_]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
SPLITS = {"cl100k": CL100K_PATTERN, "code": CODE_PATTERN}


class Tokenizer:
    """A trained tokenizer: plain-text encode/decode plus the ids the trainer needs."""

    def __init__(self, hf: HFTokenizer, path: Path | None = None, raw: bytes | None = None):
        hf.encode_special_tokens = True  # literal "<|endoftext|>" in text is text (not serialized)
        self._hf = hf
        self.path = path
        self._json = raw if raw is not None else hf.to_str(pretty=True).encode("utf-8")
        self.sha256 = hashlib.sha256(self._json).hexdigest()
        for expected_id, token in enumerate(SPECIAL_TOKENS):
            if hf.token_to_id(token) != expected_id:
                raise UserError(f"{path or 'tokenizer'}: special token {token} has id "
                                f"{hf.token_to_id(token)}, expected {expected_id}")

    @classmethod
    def from_file(cls, path: Path) -> Tokenizer:
        path = Path(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise UserError(f"tokenizer not found: {path} (train one with: "
                            f"python -m data.pretrain.tokenizer --corpus DIR --out {path})") from None
        except OSError as err:
            raise UserError(f"cannot read tokenizer {path}: {err.strerror}") from None
        try:
            hf = HFTokenizer.from_str(raw.decode("utf-8"))
        except Exception as err:  # HF raises a bare Exception for any parse problem
            reason = str(err).splitlines()[0] if str(err) else type(err).__name__
            raise UserError(f"{path}: not a valid tokenizer file ({reason})") from None
        return cls(hf, path, raw)

    def save(self, path: Path) -> None:
        """Write tokenizer.json atomically; the bytes (hence sha256) are the ones we hashed."""
        path = Path(path)
        make_dir(path.parent, "tokenizer directory")
        with atomic_open(path, "wb") as f:
            f.write(self._json)
        self.path = path

    def encode(self, text: str) -> list[int]:
        return self._hf.encode(text, add_special_tokens=False).ids

    def encode_batch(self, texts: Sequence[str]) -> list[list[int]]:
        """Encode many texts in parallel (Rust threads); the fast variant skips offset tracking."""
        return [e.ids for e in self._hf.encode_batch_fast(list(texts), add_special_tokens=False)]

    def decode(self, ids: Sequence[int]) -> str:
        # Keep special tokens visible: hiding them would make generated samples misleading.
        return self._hf.decode(list(ids), skip_special_tokens=False)

    @property
    def split(self) -> str:
        """The name of the split pattern (SPLITS) this tokenizer was trained with, or "custom"."""
        pre = json.loads(self._json).get("pre_tokenizer") or {}
        patterns = [p.get("pattern", {}).get("Regex") for p in pre.get("pretokenizers", []) if p.get("type") == "Split"]
        return next((name for name, pattern in SPLITS.items() if patterns == [pattern]), "custom")

    @property
    def vocab_size(self) -> int:
        return self._hf.get_vocab_size(with_added_tokens=True)

    @property
    def eot_id(self) -> int:
        return self.special_id(EOT)

    @property
    def pad_id(self) -> int:
        return self.special_id(PAD)

    def special_id(self, token: str) -> int:
        if token not in SPECIAL_TOKENS:
            raise UserError(f"not a special token: {token!r}; "
                            f"expected one of {', '.join(SPECIAL_TOKENS)}")
        return SPECIAL_TOKENS.index(token)  # __init__ checked that the file agrees


def train_tokenizer(texts: Iterable[str], vocab_size: int = 8192, split: str = "cl100k") -> Tokenizer:
    """Train byte-level BPE on `texts`, pre-tokenized with SPLITS[split]; the vocabulary includes the 256 bytes
    and special tokens."""
    check_split(split)
    min_size = 256 + len(SPECIAL_TOKENS)
    if vocab_size < min_size:
        raise UserError(f"vocab_size must be at least {min_size} (256 bytes + special tokens), "
                        f"got {vocab_size}")
    hf = HFTokenizer(models.BPE())
    hf.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(SPLITS[split]), behavior="isolated"),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
    ])
    hf.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIAL_TOKENS,  # listed first, so they get ids 0..4
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),  # all bytes, even unseen ones
        show_progress=sys.stderr.isatty(),
    )
    hf.train_from_iterator(texts, trainer)
    return Tokenizer(hf)


def check_split(split: str, name: str = "tokenizer split") -> None:
    if split not in SPLITS:
        raise UserError(f"{name} must be one of {', '.join(SPLITS)}, got {split!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, metavar="DIR", help="corpus directory")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE",
                        help="tokenizer.json to write")
    parser.add_argument("--vocab-size", type=int, default=8192)
    parser.add_argument("--split", choices=list(SPLITS), default="cl100k", help="pre-tokenizer split pattern")
    args = parser.parse_args()
    t0 = time.time()
    tokenizer = train_tokenizer(read_texts(args.corpus, "train"), args.vocab_size, args.split)
    tokenizer.save(args.out)
    print(f"tokenizer: vocab {tokenizer.vocab_size}, trained in {time.time() - t0:.1f}s, "
          f"saved to {args.out} (sha256 {tokenizer.sha256[:12]})")


if __name__ == "__main__":
    run_main(main)
