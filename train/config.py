"""Typed run config: `RunConfig` = model + train + data sections, loaded from a TOML in `configs/`
and overridable key by key from the command line."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from configs import config_path, dataclass_from_dict, read_toml
from configs.errors import UserError
from kernels.dispatch import BACKENDS
from model.config import ModelConfig

COMPILE_SETTINGS = ("auto", "on", "off")


@dataclass
class TrainConfig:
    batch_size: int = field(default=16, metadata={"help": "sequences per micro-batch"})
    seq_len: int = field(default=256, metadata={"help": "tokens per training sequence"})
    grad_accum: int = field(default=1, metadata={"help": "micro-batches per optimizer step"})
    max_steps: int = field(default=500, metadata={"help": "optimizer steps in the whole run"})
    lr: float = field(default=2e-3, metadata={"help": "peak learning rate"})
    min_lr_ratio: float = field(default=0.1, metadata={"help": "final lr as a fraction of the peak (cosine floor)"})
    warmup_steps: int = field(default=50, metadata={"help": "linear warmup steps"})
    weight_decay: float = field(default=0.1, metadata={"help": "AdamW decay of matrices (norms/none)"})
    beta1: float = field(default=0.9, metadata={"help": "AdamW beta1"})
    beta2: float = field(default=0.95, metadata={"help": "AdamW beta2"})
    grad_clip: float = field(default=1.0, metadata={"help": "max global grad norm (0 = off)"})
    label_smoothing: float = field(default=0.0, metadata={"help": "cross-entropy label smoothing (0.1 helps against mode collapse)"})
    eval_interval: int = field(default=100, metadata={"help": "steps between val loss, samples and a checkpoint"})
    eval_batches: int = field(default=8, metadata={"help": "val batches per evaluation"})
    sample_tokens: int = field(default=64, metadata={"help": "tokens per generated sample at each evaluation"})
    eval_suite: str = field(default="mini", metadata={"help": "suite solved greedily in the sandbox at each evaluation: mini | humaneval | mbpp | FILE ('' = off)"})
    eval_max_new_tokens: int = field(default=128, metadata={"help": "token budget per completion of that suite"})
    log_interval: int = field(default=10, metadata={"help": "steps between TensorBoard scalars"})
    keep_last: int = field(default=3, metadata={"help": "checkpoints kept besides the best-by-val"})
    seed: int = field(default=1337, metadata={"help": "seed for init and data order"})
    device: str = field(default="auto", metadata={"help": "auto | cpu | cuda | cuda:N"})
    compile: str = field(default="auto", metadata={"help": "torch.compile the model: auto (on CUDA only) | on | off"})
    kernels: str = field(default="auto", metadata={"help": "hot ops: auto (Triton on CUDA, PyTorch on CPU) | triton | reference"})

    def __post_init__(self) -> None:
        for name in ("batch_size", "seq_len", "grad_accum", "max_steps", "eval_interval", "eval_batches",
                     "log_interval", "keep_last", "eval_max_new_tokens"):
            if getattr(self, name) <= 0:
                raise UserError(f"train.{name} must be positive, got {getattr(self, name)}")
        if self.compile not in COMPILE_SETTINGS:
            raise UserError(f"train.compile must be one of {', '.join(COMPILE_SETTINGS)}, got {self.compile!r}")
        if self.kernels not in BACKENDS:
            raise UserError(f"train.kernels must be one of {', '.join(BACKENDS)}, got {self.kernels!r}")
        if not 0 <= self.label_smoothing < 1:
            raise UserError(f"train.label_smoothing must be in [0, 1), got {self.label_smoothing}")


@dataclass
class DataConfig:
    src: list[str] = field(default_factory=list, metadata={"help": "source dirs of .py files (default: this interpreter's standard library)"})
    dir: str = field(default="runs/data", metadata={"help": "where the corpus, tokenizer.json and token shards are built"})


@dataclass
class RunConfig:
    model: ModelConfig = field(default_factory=ModelConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    data: DataConfig = field(default_factory=DataConfig)

    def __post_init__(self) -> None:
        if self.train.seq_len > self.model.max_seq_len:
            raise UserError(f"train.seq_len ({self.train.seq_len}) exceeds model.max_seq_len ({self.model.max_seq_len})")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_run_config(name_or_path: str, overrides: dict[str, dict[str, Any]] | None = None) -> RunConfig:
    """Read a named config (or a .toml path) and apply command-line overrides on top."""
    path = config_path(name_or_path, "pretrain")
    values = read_toml(path)
    for section, table in (overrides or {}).items():
        values.setdefault(section, {}).update(table)
    return run_config_from_dict(values, f"{path}: ")


def run_config_from_dict(values: dict[str, Any], where: str) -> RunConfig:
    return dataclass_from_dict(RunConfig, values, where)
