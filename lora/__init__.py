"""LoRA, written from scratch (no PEFT): low-rank adapters on a frozen base model.

    cfg = LoRAConfig(targets=["attn"], r=8, alpha=16)
    print(inject(model, cfg))                    # wraps the Linears, freezes the rest
    ... train: only lora_A / lora_B have requires_grad ...
    save_adapter(out / "adapter", model, cfg, base_ckpt, base_sha256_of(base_ckpt))
    load_adapter(out / "adapter", fresh_base, base_sha256_of(base_ckpt))
    loaded = load_for_inference(out / "adapter")       # the base it records, plus the adapter
    export_merged(model, tokenizer, out / "merged")   # or: python -m lora.export

Modules: `layer` (LoRALinear: the wrapped projection, merge/unmerge), `inject` (LoRAConfig,
choosing modules by name, freezing, merge/strip over a model), `adapter` (adapter files tied to
their base, loading a model with its adapter, merged export), `export` (the command line).
`python -m train.instruct --lora` drives training.
"""
from lora.adapter import base_sha256_of, export_merged, load_adapter, load_for_inference, save_adapter
from lora.inject import (
           PRESETS,
           LoRAConfig,
           LoRASummary,
           adapter_state_dict,
           inject,
           lora_modules,
           merge,
           strip,
           unmerge,
)
from lora.layer import LoRALinear

__all__ = ["PRESETS", "LoRAConfig", "LoRALinear", "LoRASummary", "adapter_state_dict", "base_sha256_of",
           "export_merged", "inject", "load_adapter", "load_for_inference", "lora_modules", "merge", "save_adapter",
           "strip", "unmerge"]
