"""Export a model: a LoRA adapter merged into its base, in this project's checkpoint format or as a
Hugging Face `transformers` Llama directory; a full checkpoint as a Llama directory; an adapter alone
in PEFT's format.

    python -m lora.export --adapter runs/instruct-lora/best --out runs/instruct-merged
    python -m lora.export --format hf --ckpt runs/instruct/best --out hf/instruct
    python -m lora.export --format hf --adapter runs/instruct-lora/best --out hf/merged
    python -m lora.export --format hf --ckpt runs/tiny/best --out hf/base
    python -m lora.export --format peft --adapter runs/instruct-lora/best --out hf/adapter --hf-base hf/base

`--format ckpt` (the default) writes an ordinary checkpoint (model.checkpoint.load_model reads it), so
sampling and evaluation need no LoRA code and pay no adapter cost. `--format hf` writes what
`transformers.AutoModelForCausalLM.from_pretrained(DIR)` and `AutoTokenizer.from_pretrained(DIR)`
load with no custom code (model/hf.py). `--format peft` writes what `peft.PeftModel.from_pretrained(
llama, DIR)` loads onto the base exported with `--format hf` (lora/peft_format.py). An adapter's base
is the checkpoint it records unless --ckpt names one; either way the adapter must have been trained
on exactly that base: its recorded base weights hash is checked.
"""
from __future__ import annotations

import argparse
import copy
from pathlib import Path

from configs.errors import UserError, run_main
from configs.files import file_sha256
from lora.adapter import WEIGHTS, base_sha256_of, export_merged, load_adapter, recorded_base
from lora.inject import lora_modules, strip
from lora.peft_format import write_peft
from model.checkpoint import LoadedModel, load_model
from model.hf import write_hf

FORMATS = ("ckpt", "hf", "peft")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m lora.export", description=__doc__.split("\n\n")[0],
                                     epilog="Examples:\n" + __doc__.split("\n\n")[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--format", choices=FORMATS, default="ckpt",
                        help="ckpt: this project's checkpoint (default); hf: a transformers Llama directory; "
                             "peft: the adapter alone, for peft")
    parser.add_argument("--adapter", type=Path, metavar="DIR", help="adapter directory (adapter.json + "
                                                                    "adapter.safetensors)")
    parser.add_argument("--ckpt", "--base", type=Path, metavar="CKPT", dest="ckpt",
                        help="the checkpoint to export, or the adapter's base (default: the one it records)")
    parser.add_argument("--hf-base", metavar="DIR", help="with --format peft: where the base's Llama directory "
                                                        "is, recorded as base_model_name_or_path")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR",
                        help="directory to write (an existing one is replaced)")
    args = parser.parse_args(argv)
    if args.adapter is None and (args.format != "hf" or args.ckpt is None):
        parser.error("--adapter is required (or export a checkpoint alone with --format hf --ckpt CKPT)")
    return args


def main(argv: list[str] | None = None) -> Path:
    args = parse_args(argv)
    if args.adapter is None:
        loaded = load_model(args.ckpt)
        check_out(args.out, loaded)
        write_hf(args.out, loaded.model, loaded.tokenizer)
        print(f"exported {loaded.path} as a Hugging Face Llama directory -> {args.out}")
        return args.out
    base = load_model(args.ckpt or recorded_base(args.adapter))
    check_out(args.out, base)
    base_sha256 = base_sha256_of(base.path)
    cfg = load_adapter(args.adapter, base.model, base_sha256)
    what = f"{args.adapter} (LoRA r={cfg.r} alpha={cfg.alpha:g} on {len(lora_modules(base.model))} modules)"
    if args.format == "peft":
        write_peft(args.out, base.model, cfg, args.hf_base)
        print(f"exported {what} in PEFT's format -> {args.out}; its base: python -m lora.export --format hf "
              f"--ckpt {base.path} --out DIR")
    elif args.format == "hf":
        write_hf(args.out, strip(copy.deepcopy(base.model)), base.tokenizer)
        print(f"merged {what} into {base.path} as a Hugging Face Llama directory -> {args.out}")
    else:
        provenance = {"base": str(base.path), "base_weights_sha256": base_sha256, "lora": cfg.to_dict(),
                      "adapter_sha256": file_sha256(args.adapter / WEIGHTS)}
        export_merged(base.model, base.tokenizer, args.out, extra={"merged_adapter": provenance})
        print(f"merged {what} into {base.path} -> {args.out}")
    return args.out


def check_out(out: Path, source: LoadedModel) -> None:
    if out.resolve() == source.path.resolve():
        raise UserError(f"--out {out} is the checkpoint being exported; write the export elsewhere")


if __name__ == "__main__":
    run_main(main)
