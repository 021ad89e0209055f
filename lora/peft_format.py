"""A LoRA adapter in PEFT's format, for `peft.PeftModel.from_pretrained(llama, DIR)` on the base
exported by model/hf.py.

    adapter_config.json         peft_type LORA, r, lora_alpha, use_rslora, target_modules, ...
    adapter_model.safetensors   base_model.model.<module>.lora_A.weight / lora_B.weight

Design choices:
- Modules are named as Hugging Face names them (model/hf.py). The fused `qkv_proj` adapter (one A,
  one B of 3·d rows) is exactly three adapters on q_proj, k_proj and v_proj that share A, each with
  its third of B: (x A^T) B_q^T is the q rows of (x A^T) B^T. Nothing is approximated.
- `target_modules` lists full module names, so PEFT wraps exactly the modules that were adapted;
  a per-module rank or alpha (`lora.overrides`) becomes PEFT's `rank_pattern` / `alpha_pattern`.
- Nothing here imports `peft`: the files are plain JSON and safetensors.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch
import torch.nn as nn
from safetensors.torch import save

from configs.files import staged_dir
from lora.inject import LoRAConfig, lora_modules
from model.hf import QKV, hf_module

CONFIG, WEIGHTS = "adapter_config.json", "adapter_model.safetensors"


def peft_modules(model: nn.Module) -> dict[str, tuple[torch.Tensor, torch.Tensor, int, float]]:
    """Hugging Face module name → (A, B, r, alpha) of every adapted module, qkv split in three."""
    out = {}
    for name, module in lora_modules(model).items():
        a, b = module.lora_A.detach().cpu(), module.lora_B.detach().cpu()
        target = hf_module(name)
        if target.endswith("qkv_proj"):
            prefix = target.removesuffix("qkv_proj")
            for part, rows in zip(QKV, b.split(module.out_features // 3)):
                out[prefix + part] = (a, rows, module.r, module.alpha)
        else:
            out[target] = (a, b, module.r, module.alpha)
    return out


def peft_config(cfg: LoRAConfig, modules: dict[str, tuple[torch.Tensor, torch.Tensor, int, float]],
                base: str | None) -> dict[str, Any]:
    return {"peft_type": "LORA", "task_type": "CAUSAL_LM", "base_model_name_or_path": base,
            "r": cfg.r, "lora_alpha": cfg.alpha, "lora_dropout": cfg.dropout, "use_rslora": cfg.rslora,
            "target_modules": list(modules), "bias": "none", "fan_in_fan_out": False, "inference_mode": True,
            "rank_pattern": {name: r for name, (_, _, r, _) in modules.items() if r != cfg.r},
            "alpha_pattern": {name: alpha for name, (_, _, _, alpha) in modules.items() if alpha != cfg.alpha}}


def write_peft(out: Path, model: nn.Module, cfg: LoRAConfig, base: str | None) -> None:
    """Write the adapter of `model` (injected with `cfg`) as a PEFT adapter directory `out`, atomically."""
    modules = peft_modules(model)
    tensors = {}
    for name, (a, b, _, _) in modules.items():
        tensors[f"base_model.model.{name}.lora_A.weight"] = a.clone()  # q, k, v share A: one copy each
        tensors[f"base_model.model.{name}.lora_B.weight"] = b.contiguous()
    with staged_dir(Path(out), "export directory") as tmp:
        (tmp / WEIGHTS).write_bytes(save(tensors, metadata={"format": "pt"}))
        (tmp / CONFIG).write_text(json.dumps(peft_config(cfg, modules, base), indent=2) + "\n")
