"""Tokenizer: special ids, plain-text encoding of special strings, round trip, indentation, sha256."""
import hashlib
from pathlib import Path

import pytest

from configs.errors import UserError
from data.pretrain.corpus import default_sources, find_python_files
from data.pretrain.tokenizer import EOT, SPECIAL_TOKENS, SPLITS, Tokenizer, train_tokenizer

VOCAB = 1024


def stdlib_texts(n: int) -> list[str]:
    """The first n UTF-8 stdlib modules in sorted order, plus the first one with non-ASCII text."""
    texts, non_ascii = [], None
    for path in find_python_files(default_sources()[0]):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if len(texts) < n:
            texts.append(text)
        if non_ascii is None and not text.isascii():
            non_ascii = text
        if len(texts) == n and non_ascii is not None:
            return texts + [non_ascii]
    raise AssertionError("stdlib too small for the test")


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return stdlib_texts(40)


@pytest.fixture(scope="module")
def tokenizer(texts: list[str]) -> Tokenizer:
    return train_tokenizer(texts, vocab_size=VOCAB)


def test_special_tokens_have_fixed_ids(tokenizer: Tokenizer):
    assert tokenizer.vocab_size == VOCAB
    assert [tokenizer.special_id(t) for t in SPECIAL_TOKENS] == [0, 1, 2, 3, 4]
    assert (tokenizer.eot_id, tokenizer.pad_id) == (0, 1)
    assert tokenizer.decode([tokenizer.eot_id]) == EOT
    with pytest.raises(UserError, match="not a special token"):
        tokenizer.special_id("<|nope|>")


def test_special_strings_in_text_stay_text(tokenizer: Tokenizer):
    code = f'SEP = "{EOT}"  # and <|pad|>, <|response|>\n'
    for ids in (tokenizer.encode(code), tokenizer.encode_batch([code])[0]):
        assert not set(ids) & set(range(len(SPECIAL_TOKENS)))
        assert tokenizer.decode(ids) == code


def test_round_trip_on_stdlib_and_unicode(tokenizer: Tokenizer, texts: list[str]):
    assert not texts[-1].isascii()
    extra = ["", "\t\tx = 'ß 世界 🐍'\r\n", "  trailing spaces   \n\n\n    ", "\x00\x7f\u200b"]
    for text, ids in zip(texts + extra, tokenizer.encode_batch(texts + extra)):
        assert ids == tokenizer.encode(text)
        assert tokenizer.decode(ids) == text


def test_indentation_is_cheap(tokenizer: Tokenizer):
    # "\n" + 8 spaces + "return x" -> ["\n", 7 spaces, " return", " x"]: the run costs 1 token
    # (the 8th space rides on " return"); measured 1 both here and with the 8192 stdlib vocab.
    indented = tokenizer.encode("\n" + " " * 8 + "return x")
    flat = tokenizer.encode("\n return x")
    assert len(indented) - len(flat) == 1
    assert len(indented) <= 4


def test_sha256_stable_across_save_and_load(tokenizer: Tokenizer, tmp_path: Path):
    tokenizer.save(tmp_path / "a" / "tokenizer.json")
    loaded = Tokenizer.from_file(tmp_path / "a" / "tokenizer.json")
    assert loaded.sha256 == tokenizer.sha256
    assert loaded.sha256 == hashlib.sha256((tmp_path / "a" / "tokenizer.json").read_bytes()).hexdigest()
    loaded.save(tmp_path / "b.json")
    assert (tmp_path / "b.json").read_bytes() == (tmp_path / "a" / "tokenizer.json").read_bytes()
    assert loaded.path == tmp_path / "b.json"
    code = "def f():\n    return '<|endoftext|>'\n"
    assert loaded.encode(code) == tokenizer.encode(code)


def test_bad_tokenizer_files(tmp_path: Path):
    with pytest.raises(UserError, match=f"tokenizer not found: {tmp_path / 'missing.json'}"):
        Tokenizer.from_file(tmp_path / "missing.json")
    (tmp_path / "corrupt.json").write_text('{"version": "1.0", "model": ')
    with pytest.raises(UserError, match=f"{tmp_path / 'corrupt.json'}: not a valid tokenizer"):
        Tokenizer.from_file(tmp_path / "corrupt.json")


def test_vocab_size_too_small():
    with pytest.raises(UserError, match="vocab_size must be at least 261"):
        train_tokenizer(["x = 1\n"], vocab_size=100)


@pytest.fixture(scope="module")
def code_tokenizer(texts: list[str]) -> Tokenizer:
    return train_tokenizer(texts, vocab_size=VOCAB, split="code")


def test_split_is_recorded_and_read_back(tokenizer: Tokenizer, code_tokenizer: Tokenizer, tmp_path: Path):
    assert (tokenizer.split, code_tokenizer.split) == ("cl100k", "code")
    code_tokenizer.save(tmp_path / "t.json")
    assert Tokenizer.from_file(tmp_path / "t.json").split == "code"
    with pytest.raises(UserError, match="tokenizer split must be one of cl100k, code, got 'gpt2'"):
        train_tokenizer(["x = 1\n"], vocab_size=300, split="gpt2")
    assert set(SPLITS) == {"cl100k", "code"}


def test_code_split_keeps_names_apart_from_punctuation(tokenizer: Tokenizer, code_tokenizer: Tokenizer,
                                                       texts: list[str]):
    code = "def f(numbers):\n    return len(numbers) + numbers[0] + self.numbers + _x(y_2)\n"
    pieces = [code_tokenizer.decode([i]) for i in code_tokenizer.encode(code)]
    # no token holds both an identifier character and punctuation
    mixed = [p for p in pieces if any(c.isalnum() or c == "_" for c in p) and any(c in "()[].+:" for c in p)]
    assert mixed == []
    # ... so a name is spelled the same after `(`, `[` or `.` as on its own; cl100k fuses `(self` into one token
    for name in ("self", "numbers", "my_list2"):
        for mark in "([.":
            assert code_tokenizer.encode(mark + name) == code_tokenizer.encode(mark) + code_tokenizer.encode(name)
    assert len(tokenizer.encode("(self")) == 1
    for text, ids in zip(texts, code_tokenizer.encode_batch(texts)):
        assert code_tokenizer.decode(ids) == text

