"""Hugging Face Llama interop: the decoder as a `transformers` LlamaForCausalLM directory, and back.

    config.json              LlamaConfig: sizes, rope theta, eps, tied embeddings, bos/eos/pad ids
    model.safetensors        the weights under Hugging Face's names
    tokenizer.json           the project's tokenizer, as is
    tokenizer_config.json    PreTrainedTokenizerFast with the special tokens declared
    generation_config.json   eos/pad ids, greedy by default

Design choices:
- Names map one to one (embed → model.embed_tokens, attn_norm → input_layernorm, out_proj → o_proj,
  mlp_norm → post_attention_layernorm, ...) except the fused `qkv_proj`, whose rows are q_proj,
  k_proj and v_proj stacked in that order, heads contiguous: splitting it is exact. Rotary
  embeddings rotate halves as Llama's do, so no weight is permuted.
- A directory is read back only if the model can represent it; anything else is refused in one
  line naming the field: another `model_type`, fewer KV heads than heads (no GQA here), biases, a
  RoPE scaling type, an activation other than SiLU, a head size other than hidden / heads. Untied
  heads are supported (`lm_head.weight`). The tokenizer must carry the project's special tokens
  (data/pretrain/tokenizer.py checks), since training and evaluation rely on them.
- Nothing here imports `transformers`: the files are plain JSON and safetensors, so training and
  evaluation run without it; the tests load the export with `transformers` itself.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import save

from configs.errors import UserError
from configs.files import staged_dir
from data.pretrain.tokenizer import EOT, PAD, SPECIAL_TOKENS, Tokenizer
from model.config import ModelConfig
from model.model import Transformer

CONFIG, WEIGHTS, TOKENIZER = "config.json", "model.safetensors", "tokenizer.json"
TOKENIZER_CONFIG, GENERATION_CONFIG = "tokenizer_config.json", "generation_config.json"

# the project's name → Hugging Face's, per layer ({i} the layer) and for the rest
LAYER_NAMES = {"attn_norm.weight": "input_layernorm.weight", "attn.out_proj.weight": "self_attn.o_proj.weight",
               "mlp_norm.weight": "post_attention_layernorm.weight", "mlp.gate_proj.weight": "mlp.gate_proj.weight",
               "mlp.up_proj.weight": "mlp.up_proj.weight", "mlp.down_proj.weight": "mlp.down_proj.weight"}
QKV = ("q_proj", "k_proj", "v_proj")
TOP_NAMES = {"embed.weight": "model.embed_tokens.weight", "norm.weight": "model.norm.weight",
             "lm_head.weight": "lm_head.weight"}


def is_hf_dir(path: Path) -> bool:
    """Whether `path` holds a Hugging Face model directory (its config.json names a model_type)."""
    try:
        return "model_type" in json.loads((Path(path) / CONFIG).read_text())
    except (OSError, ValueError, TypeError):
        return False


def hf_module(name: str) -> str:
    """The Hugging Face name of one of the model's Linear modules (`layers.0.attn.out_proj` → ...o_proj);
    `qkv_proj` maps to `self_attn.qkv_proj`, which the caller splits into q/k/v."""
    match = re.fullmatch(r"layers\.(\d+)\.(.+)", name)
    if not match:
        return TOP_NAMES.get(f"{name}.weight", name).removesuffix(".weight")
    layer, rest = match.groups()
    if rest == "attn.qkv_proj":
        return f"model.layers.{layer}.self_attn.qkv_proj"
    return f"model.layers.{layer}." + LAYER_NAMES[f"{rest}.weight"].removesuffix(".weight")


def to_hf_tensors(state: dict[str, torch.Tensor], cfg: ModelConfig) -> dict[str, torch.Tensor]:
    out = {}
    for name, tensor in state.items():
        tensor = tensor.detach().to("cpu").contiguous()
        if name.endswith("attn.qkv_proj.weight"):
            prefix = hf_module(name.removesuffix(".weight")).removesuffix("qkv_proj")
            for part, rows in zip(QKV, tensor.split(cfg.d_model)):
                out[f"{prefix}{part}.weight"] = rows.contiguous()
        else:
            out[hf_module(name.removesuffix(".weight")) + ".weight"] = tensor
    return out


def from_hf_tensors(tensors: dict[str, torch.Tensor], cfg: ModelConfig, where: Path) -> dict[str, torch.Tensor]:
    """The model's state dict from Hugging Face's tensors; a missing or extra tensor is an error."""
    hf_to_ours = {v: k for k, v in TOP_NAMES.items()}
    for i in range(cfg.n_layer):
        hf_to_ours.update({f"model.layers.{i}.{v}": f"layers.{i}.{k}" for k, v in LAYER_NAMES.items()})
    state, left = {}, dict(tensors)
    for i in range(cfg.n_layer):
        parts = [left.pop(f"model.layers.{i}.self_attn.{p}.weight", None) for p in QKV]
        if any(p is None for p in parts):
            raise UserError(f"{where / WEIGHTS}: layer {i} lacks one of q_proj, k_proj, v_proj")
        state[f"layers.{i}.attn.qkv_proj.weight"] = torch.cat(parts)
    for name, tensor in left.items():
        if name not in hf_to_ours:
            raise UserError(f"{where / WEIGHTS}: {name} has no place in this model (a bias, or another architecture)")
        state[hf_to_ours[name]] = tensor
    if cfg.tie_embeddings:
        state.pop("lm_head.weight", None)  # some writers store the tied head twice
    return state


def hf_config(cfg: ModelConfig, tokenizer: Tokenizer) -> dict[str, Any]:
    eot = tokenizer.eot_id
    return {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": cfg.vocab_size,
            "hidden_size": cfg.d_model, "intermediate_size": cfg.d_mlp, "num_hidden_layers": cfg.n_layer,
            "num_attention_heads": cfg.n_head, "num_key_value_heads": cfg.n_head, "head_dim": cfg.head_dim,
            "hidden_act": "silu", "max_position_embeddings": cfg.max_seq_len, "rms_norm_eps": cfg.norm_eps,
            "rope_theta": cfg.rope_theta, "rope_parameters": {"rope_type": "default", "rope_theta": cfg.rope_theta},
            "attention_bias": False, "mlp_bias": False, "attention_dropout": 0.0,
            "tie_word_embeddings": cfg.tie_embeddings, "bos_token_id": eot, "eos_token_id": eot,
            "pad_token_id": tokenizer.pad_id, "dtype": "float32", "use_cache": True}


def tokenizer_config(tokenizer: Tokenizer, cfg: ModelConfig) -> dict[str, Any]:
    return {"tokenizer_class": "PreTrainedTokenizerFast", "bos_token": EOT, "eos_token": EOT, "pad_token": PAD,
            "unk_token": None, "additional_special_tokens": SPECIAL_TOKENS[2:],
            "model_max_length": cfg.max_seq_len, "clean_up_tokenization_spaces": False,
            "add_bos_token": False, "add_eos_token": False}


def write_hf(out: Path, model: Transformer, tokenizer: Tokenizer) -> None:
    """Write `model` (no adapters) and its tokenizer as a Hugging Face Llama directory `out`, atomically."""
    cfg = model.cfg
    files = {CONFIG: hf_config(cfg, tokenizer), TOKENIZER_CONFIG: tokenizer_config(tokenizer, cfg),
             GENERATION_CONFIG: {"bos_token_id": tokenizer.eot_id, "eos_token_id": tokenizer.eot_id,
                                 "pad_token_id": tokenizer.pad_id, "do_sample": False}}
    with staged_dir(Path(out), "export directory") as tmp:
        (tmp / WEIGHTS).write_bytes(save(to_hf_tensors(model.state_dict(), cfg), metadata={"format": "pt"}))
        shutil.copyfile(tokenizer.path, tmp / TOKENIZER)
        for name, content in files.items():
            (tmp / name).write_text(json.dumps(content, indent=2) + "\n")


def model_config_from_hf(directory: Path) -> ModelConfig:
    """The ModelConfig of a Hugging Face Llama directory, refusing what the model cannot represent."""
    path = Path(directory) / CONFIG
    try:
        hf = json.loads(path.read_text())
    except (OSError, ValueError) as err:
        raise UserError(f"{path}: unreadable ({err})") from None

    def need(key: str, *alternatives: str) -> Any:
        for name in (key, *alternatives):
            if name in hf:
                return hf[name]
        raise UserError(f"{path}: {key} is missing")

    def refuse(key: str, why: str) -> None:
        raise UserError(f"{path}: {key} is {hf.get(key)!r}: {why}")

    if hf.get("model_type") != "llama":
        refuse("model_type", "only Llama-architecture models can be imported")
    heads = need("num_attention_heads")
    if hf.get("num_key_value_heads", heads) != heads:
        refuse("num_key_value_heads", f"grouped-query attention (fewer KV heads than the {heads} heads) is not "
                                      "supported")
    for key in ("attention_bias", "mlp_bias"):
        if hf.get(key):
            refuse(key, "this model has no biases")
    if hf.get("hidden_act", "silu") != "silu":
        refuse("hidden_act", "the MLP is SwiGLU (silu)")
    rope = hf.get("rope_parameters") or hf.get("rope_scaling") or {}
    if rope.get("rope_type", rope.get("type", "default")) != "default":
        raise UserError(f"{path}: RoPE type {rope.get('rope_type', rope.get('type'))!r}: only plain RoPE is "
                        "implemented, no scaling")
    hidden = need("hidden_size")
    if hf.get("head_dim", hidden // heads) != hidden // heads:
        refuse("head_dim", f"must be hidden_size / num_attention_heads = {hidden // heads}")
    try:
        return ModelConfig(vocab_size=need("vocab_size"), n_layer=need("num_hidden_layers"), n_head=heads,
                           d_model=hidden, d_mlp=need("intermediate_size"),
                           max_seq_len=need("max_position_embeddings"),
                           rope_theta=float(rope.get("rope_theta", hf.get("rope_theta", 10000.0))),
                           norm_eps=float(hf.get("rms_norm_eps", 1e-6)),
                           tie_embeddings=bool(hf.get("tie_word_embeddings", False)))  # LlamaConfig's default
    except UserError as err:
        raise UserError(f"{path}: {err}") from None
