"""`ModelConfig`: the shape of the decoder. The named pretraining configs (configs/pretrain/*.toml)
each set one in their `[model]` section; `python -m model.config` tables them with their exact
parameter counts."""
from __future__ import annotations

import argparse
from dataclasses import dataclass, field

from configs import config_path, dataclass_from_dict, named_configs, read_toml
from configs.errors import UserError, run_main


@dataclass
class ModelConfig:
    vocab_size: int = field(default=8192, metadata={"help": "tokenizer vocabulary size"})
    n_layer: int = field(default=4, metadata={"help": "transformer blocks"})
    n_head: int = field(default=4, metadata={"help": "attention heads (head dim = d_model / n_head)"})
    d_model: int = field(default=128, metadata={"help": "residual stream width"})
    d_mlp: int = field(default=352, metadata={"help": "SwiGLU hidden width"})
    max_seq_len: int = field(default=512, metadata={"help": "longest context (RoPE table size)"})
    rope_theta: float = field(default=10000.0, metadata={"help": "RoPE base frequency"})
    norm_eps: float = field(default=1e-5, metadata={"help": "RMSNorm epsilon"})
    tie_embeddings: bool = field(default=True, metadata={"help": "LM head shares the token embedding"})

    def __post_init__(self) -> None:
        for name in ("vocab_size", "n_layer", "n_head", "d_model", "d_mlp", "max_seq_len"):
            if getattr(self, name) <= 0:
                raise UserError(f"model.{name} must be positive, got {getattr(self, name)}")
        if self.d_model % self.n_head:
            raise UserError(f"model.d_model ({self.d_model}) must be divisible by model.n_head ({self.n_head})")
        if self.head_dim % 2:
            raise UserError(f"head dim {self.head_dim} must be even for RoPE")

    @property
    def head_dim(self) -> int:
        return self.d_model // self.n_head

    def num_params(self) -> int:
        """Exact parameter count (embedding counted once when tied), without building the model."""
        d, per_layer = self.d_model, 4 * self.d_model**2 + 3 * self.d_model * self.d_mlp + 2 * self.d_model
        head = 0 if self.tie_embeddings else self.vocab_size * d
        return self.vocab_size * d + self.n_layer * per_layer + d + head


def load_model_config(name: str) -> ModelConfig:
    path = config_path(name, "pretrain")
    return dataclass_from_dict(ModelConfig, read_toml(path).get("model", {}), f"{path}: model.")


def table() -> str:
    rows = ["| config | layers | d_model | heads | head dim | d_mlp | vocab | context | parameters |",
            "|---|---|---|---|---|---|---|---|---|"]
    configs = sorted(((name, load_model_config(name)) for name in named_configs("pretrain")),
                     key=lambda nc: nc[1].num_params())
    for name, c in configs:
        rows.append(f"| {name} | {c.n_layer} | {c.d_model} | {c.n_head} | {c.head_dim} | {c.d_mlp} | "
                    f"{c.vocab_size} | {c.max_seq_len} | {c.num_params():,} |")
    return "\n".join(rows)


def main() -> None:
    argparse.ArgumentParser(prog="python -m model.config", description=__doc__).parse_args()
    print(table())


if __name__ == "__main__":
    run_main(main)
