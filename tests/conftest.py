"""Shared fixtures: a small real-Python dataset (standard-library files, 512-token BPE) built once
per session, a helper that runs a few pretraining steps of a very small model on it, and an untrained
tiny checkpoint for evaluation plumbing."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import torch
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

if not torch.cuda.is_available():
    # The kernel tests force Triton on CPU tensors, which runs them in its interpreter; Triton fixes that
    # choice as each kernel is defined, so it is made here, before any test module imports `kernels`.
    os.environ.setdefault("TRITON_INTERPRET", "1")

from data.pretrain.prepare import prepare
from data.pretrain.tokenizer import train_tokenizer
from eval.suites import load_suite
from model.checkpoint import save_model
from model.config import ModelConfig
from model.model import Transformer
from train.pretrain import main as pretrain_main

STDLIB = Path(sysconfig.get_paths()["stdlib"])
VOCAB = 512


def pytest_configure(config: pytest.Config) -> None:
    # `python -m pytest -q` runs everything; `-m "not slow"` is the developer's loop of under two minutes
    config.addinivalue_line("markers", "slow: a test that trains, builds data or runs many programs (seconds to "
                                       "a minute); left out by `pytest -m \"not slow\"`")


@pytest.fixture(scope="session")
def small_data(tmp_path_factory) -> Path:
    """`src/`: ~40 standard-library modules; `data/`: their corpus, tokenizer.json and shards."""
    root = tmp_path_factory.mktemp("small_data")
    src = root / "src"
    src.mkdir()
    for name in sorted(p.name for p in STDLIB.glob("*.py"))[:40]:
        shutil.copy(STDLIB / name, src / name)
    prepare([src], root / "data", VOCAB)
    return root


def micro_flags(root: Path, **train) -> list[str]:
    """Flags for a ~0.1M-parameter model that trains a step in milliseconds."""
    train = {"batch_size": 4, "seq_len": 64, "max_steps": 12, "warmup_steps": 3, "eval_interval": 4,
             "eval_batches": 2, "sample_tokens": 8, "log_interval": 2, "lr": 3e-3,
             "eval_suite": "", "eval_max_new_tokens": 16, "compile": "off",  # 200+ steps would compile (~40 s)
             **train}  # the suite evaluation is opted into per test
    flags = ["--config", "tiny", "--data.src", str(root / "src"), "--data.dir", str(root / "data"),
             "--model.vocab_size", str(VOCAB),
             "--model.n_layer", "2", "--model.d_model", "64", "--model.n_head", "2", "--model.d_mlp", "128",
             "--model.max_seq_len", "64"]
    for key, value in train.items():
        flags += [f"--train.{key}", str(value)]
    return flags


INSTRUCT_TEMPLATES = [
    ("Return x plus {k}.", "def add_{k}(x):\n    return x + {k}\n"),
    ("Return x times {k}.", "def times_{k}(x):\n    result = x * {k}\n    return result\n"),
    ("Return True if n is divisible by {k}.", "def divisible_by_{k}(n):\n    return n % {k} == 0\n"),
    ("Return the string s repeated {k} times.", "def repeat_{k}(s):\n    return s * {k}\n"),
]


@pytest.fixture(scope="session")
def instruct_data(tmp_path_factory) -> Path:
    """48 small instruction records of 4 kinds, as plain instruction/input/output JSONL."""
    path = tmp_path_factory.mktemp("instruct") / "tasks.jsonl"
    records = [{"instruction": ins.format(k=k), "input": "", "output": code.format(k=k), "problem_id": f"{i}-{k}"}
               for i, (ins, code) in enumerate(INSTRUCT_TEMPLATES) for k in range(2, 14)]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def logged(run: Path, tag: str) -> dict[int, float]:
    """step → value of a run's TensorBoard scalar, as TensorBoard shows it (purges applied); a step
    logged twice is an error."""
    events = EventAccumulator(str(run / "tb"))
    events.Reload()
    scalars = events.Scalars(tag)
    steps = [e.step for e in scalars]
    assert len(steps) == len(set(steps)), f"{tag}: steps logged twice: {steps}"
    return {e.step: e.value for e in scalars}


def torchrun(nproc: int, module: str, flags: list[str]) -> subprocess.CompletedProcess:
    """`torchrun --standalone --nproc_per_node=nproc -m module flags` on the CPU (gloo)."""
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={nproc}",
                           "-m", module, *flags], capture_output=True, text=True, env=env, timeout=300,
                          cwd=Path(__file__).resolve().parents[1])


@pytest.fixture
def run_pretrain(small_data):
    def run(out: Path, *extra: str, **train):
        return pretrain_main(micro_flags(small_data, **train) + ["--out", str(out), *extra])
    return run


@pytest.fixture(scope="session")
def tiny_ckpt(tmp_path_factory) -> Path:
    """An untrained 2-layer model whose tokenizer was trained on the mini suite's own text."""
    root = tmp_path_factory.mktemp("tiny_ckpt")
    tasks = load_suite("mini").tasks
    tokenizer = train_tokenizer([t.prompt + t.canonical_solution + t.test for t in tasks] * 4, vocab_size=400)
    tokenizer.save(root / "tokenizer.json")
    torch.manual_seed(0)
    model = Transformer(ModelConfig(vocab_size=tokenizer.vocab_size, n_layer=2, n_head=2, d_model=32, d_mlp=64,
                                    max_seq_len=256))
    save_model(root / "ckpt", model, tokenizer)
    return root / "ckpt"
