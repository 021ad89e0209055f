"""`ModelConfig`: the shape of the decoder. The named pretraining configs (configs/pretrain/*.toml)
each set one in their `[model]` section; `python -m model.config` tables them with their exact
parameter counts."""
from __future__ import annotations

import argparse
from dataclasses import dataclass

from configs import config_path, dataclass_from_dict, named_configs, read_toml
from configs.errors import UserError, run_main
from configs.fields import check_fields, option


@dataclass
class ModelConfig:
    vocab_size: int = option(8192, "tokenizer vocabulary size", at_least=2)
    n_layer: int = option(4, "transformer blocks", at_least=1)
    n_head: int = option(4, "attention heads (head dim = d_model / n_head)", at_least=1)
    d_model: int = option(128, "residual stream width", at_least=2)
    d_mlp: int = option(352, "SwiGLU hidden width", at_least=1)
    max_seq_len: int = option(512, "longest context (RoPE table size)", at_least=2)
    rope_theta: float = option(10000.0, "RoPE base frequency", above=1)
    norm_eps: float = option(1e-5, "RMSNorm epsilon", above=0, below=1)
    tie_embeddings: bool = option(True, "LM head shares the token embedding")

    def __post_init__(self) -> None:
        check_fields(self, lambda name: f"model.{name}")
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
