"""`python -m model.configs`: every named config in `configs/` with its shape and exact parameter count."""
from __future__ import annotations

import argparse

from configs import config_path, dataclass_from_dict, named_configs, read_toml
from configs.errors import run_main
from model.config import ModelConfig


def load_model_config(name: str) -> ModelConfig:
    path = config_path(name, "pretrain")
    return dataclass_from_dict(ModelConfig, read_toml(path).get("model", {}), f"{path}: model.")


def table() -> str:
    rows = ["| config | layers | d_model | heads | head dim | d_mlp | vocab | context | parameters |",
            "|---|---|---|---|---|---|---|---|---|"]
    configs = sorted(((name, load_model_config(name)) for name in named_configs("pretrain")), key=lambda nc: nc[1].num_params())
    for name, c in configs:
        rows.append(f"| {name} | {c.n_layer} | {c.d_model} | {c.n_head} | {c.head_dim} | {c.d_mlp} | "
                    f"{c.vocab_size} | {c.max_seq_len} | {c.num_params():,} |")
    return "\n".join(rows)


def main() -> None:
    argparse.ArgumentParser(prog="python -m model.configs", description=__doc__).parse_args()
    print(table())


if __name__ == "__main__":
    run_main(main)
