"""`python -m eval.sample --ckpt PATH --prompt TEXT`: print what a model writes.

PATH is a checkpoint directory, a run directory (its latest checkpoint), or a LoRA adapter (or a
LoRA run directory), which loads on the base it records; `--adapter DIR` applies an adapter to the
checkpoint PATH instead. Several --prompt flags are decoded together as one batch.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import torch

from configs.device import autocast, pick_device
from configs.errors import run_main
from lora import load_for_inference
from model.generate import SamplingConfig, generate


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m eval.sample", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ckpt", type=Path, required=True, help="checkpoint, run directory or LoRA adapter")
    parser.add_argument("--adapter", type=Path, help="LoRA adapter directory (trained on --ckpt)")
    parser.add_argument("--prompt", action="append", required=True, help="text to continue (repeatable)")
    parser.add_argument("--max-new-tokens", type=int, default=128)
    parser.add_argument("--temperature", type=float, default=0.8, help="0 = greedy")
    parser.add_argument("--top-k", type=int, default=50, help="0 = off")
    parser.add_argument("--top-p", type=float, default=0.95, help="1 = off")
    parser.add_argument("--stop", action="append", default=[], help="stop string (repeatable)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", default="auto")
    args = parser.parse_args(argv)

    device = pick_device(args.device)
    loaded = load_for_inference(args.ckpt, device, args.adapter)
    sampling = SamplingConfig(args.max_new_tokens, args.temperature, args.top_k, args.top_p, tuple(args.stop))
    generator = torch.Generator(device=device).manual_seed(args.seed)
    with autocast(device):
        completions = generate(loaded.model, loaded.tokenizer, args.prompt, sampling, generator)
    for prompt, completion in zip(args.prompt, completions):
        print(prompt + completion)
        if len(args.prompt) > 1:
            print("-" * 40)


if __name__ == "__main__":
    run_main(main)
