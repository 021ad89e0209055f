"""Merge a LoRA adapter into its base model and write a full checkpoint.

    python -m lora.export --adapter runs/instruct-lora/best --out runs/instruct-merged
    python -m lora.export --adapter runs/instruct-lora/best --base runs/tiny/best --out runs/merged

The result is an ordinary checkpoint (model.checkpoint.load_model reads it), so sampling and
evaluation need no LoRA code and pay no adapter cost. The base is the checkpoint the adapter
records unless --base names one; either way the adapter must have been trained on exactly that
base: its recorded base weights hash is checked against the base's config.json.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from configs.errors import UserError, run_main
from configs.files import file_sha256
from lora.adapter import WEIGHTS, base_sha256_of, export_merged, load_adapter, recorded_base
from lora.inject import lora_modules
from model.checkpoint import load_model


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(prog="python -m lora.export", description=__doc__.split("\n\n")[0])
    parser.add_argument("--adapter", type=Path, required=True, metavar="DIR",
                        help="adapter directory (adapter.json + adapter.safetensors)")
    parser.add_argument("--base", type=Path, metavar="CKPT",
                        help="base checkpoint (or run directory: its latest); default: the one the adapter records")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR",
                        help="checkpoint directory to write (an existing one is replaced)")
    args = parser.parse_args(argv)
    base = load_model(args.base or recorded_base(args.adapter))
    if args.out.resolve() == base.path.resolve():
        raise UserError(f"--out {args.out} is the base checkpoint; write the merged model elsewhere")
    base_sha256 = base_sha256_of(base.path)
    cfg = load_adapter(args.adapter, base.model, base_sha256)
    provenance = {"base": str(base.path), "base_weights_sha256": base_sha256, "lora": cfg.to_dict(),
                  "adapter_sha256": file_sha256(args.adapter / WEIGHTS)}
    export_merged(base.model, base.tokenizer, args.out, extra={"merged_adapter": provenance})
    print(f"merged {args.adapter} (LoRA r={cfg.r} alpha={cfg.alpha:g} on {len(lora_modules(base.model))} modules) "
          f"into {base.path} -> {args.out}")
    return args.out


if __name__ == "__main__":
    run_main(main)
