"""LoRA: exact identity at injection, frozen base weights, merge math, adapter files tied to their
base, merged export, and one-line errors. A 2-layer d32 model keeps the whole file to seconds."""
from __future__ import annotations

import copy
import json
import math
import struct
import subprocess
import sys
from pathlib import Path

import pytest
import torch

import lora.adapter
from configs.errors import UserError
from data.pretrain.tokenizer import Tokenizer, train_tokenizer
from lora import (
    LoRAConfig,
    LoRALinear,
    adapter_state_dict,
    base_sha256_of,
    export_merged,
    inject,
    load_adapter,
    load_for_inference,
    lora_modules,
    merge,
    save_adapter,
    strip,
    unmerge,
)
from model.checkpoint import load_model, save_model
from model.config import ModelConfig
from model.model import Transformer

ELSEWHERE = Path("/nonexistent/base")  # the base an adapter records, where the test never loads it
CFG = ModelConfig(vocab_size=97, n_layer=2, n_head=4, d_model=32, d_mlp=48, max_seq_len=64)
ATTN_NAMES = ["layers.0.attn.qkv_proj", "layers.0.attn.out_proj", "layers.1.attn.qkv_proj", "layers.1.attn.out_proj"]
# attn preset, r=8, per layer: qkv A (8×32) + B (96×8), out A (8×32) + B (32×8).
ATTN_R8_PARAMS = 2 * (8 * 32 + 96 * 8 + 8 * 32 + 32 * 8)


def base_model(seed: int = 0, cfg: ModelConfig = CFG) -> Transformer:
    torch.manual_seed(seed)
    return Transformer(cfg)


def batch() -> tuple[torch.Tensor, torch.Tensor]:
    tokens = torch.randint(0, CFG.vocab_size, (4, 17), generator=torch.Generator().manual_seed(1))
    return tokens[:, :-1], tokens[:, 1:]


def train(model: Transformer, steps: int = 8) -> list[float]:
    """AdamW with weight decay over *all* parameters: frozen ones must stay put because they get no grad."""
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2, weight_decay=0.1)
    x, y = batch()
    losses = []
    for _ in range(steps):
        loss = model(x, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def logits(model: Transformer) -> torch.Tensor:
    with torch.no_grad():
        return model(batch()[0])


def trained_lora_model(seed: int = 0) -> Transformer:
    """The attn preset at r=8, trained a few steps so that B ≠ 0."""
    model = base_model(seed)
    inject(model, LoRAConfig())
    train(model)
    return model


@pytest.fixture(scope="module")
def tokenizer(tmp_path_factory) -> Tokenizer:
    tok = train_tokenizer(["def f(x):\n    return x\n"] * 50, vocab_size=300)
    tok.save(tmp_path_factory.mktemp("tok") / "tokenizer.json")
    return tok


@pytest.fixture
def base_ckpt(tmp_path, tokenizer) -> Path:
    save_model(tmp_path / "base", base_model(0), tokenizer)
    return tmp_path / "base"


# --- injection -------------------------------------------------------------------------------------

@pytest.mark.parametrize("targets", [["attn"], ["mlp"], ["all"]])
def test_fresh_injection_is_exactly_the_base_model(targets):
    base = base_model()
    model = copy.deepcopy(base)
    inject(model, LoRAConfig(targets=targets))
    assert torch.equal(logits(model), logits(base))  # B = 0: the branch adds exact zeros


def test_summary_counts_and_names():
    model = base_model()
    summary = inject(model, LoRAConfig())
    assert summary.modules == ATTN_NAMES and list(lora_modules(model)) == ATTN_NAMES
    assert summary.trainable == ATTN_R8_PARAMS == 3072
    assert summary.total == CFG.num_params() + ATTN_R8_PARAMS
    assert str(summary) == (f"LoRA r=8 alpha=16 on 4 modules (attn.qkv_proj, attn.out_proj): 3,072 trainable of "
                            f"{summary.total:,} parameters ({100 * 3072 / summary.total:.2f}%)")
    layer = model.layers[0].attn.qkv_proj
    assert isinstance(layer, LoRALinear) and (layer.in_features, layer.out_features) == (32, 96)
    assert layer.weight is layer.base.weight
    assert "layers.0.attn.qkv_proj.base.weight" in model.state_dict()


def test_only_adapters_get_gradients_and_base_weights_stay_bit_identical():
    model = base_model()
    inject(model, LoRAConfig(targets=["all"]))
    before = {name: p.detach().clone() for name, p in model.named_parameters()}
    is_adapter = {name: name.endswith((".lora_A", ".lora_B")) for name in before}
    assert {name: p.requires_grad for name, p in model.named_parameters()} == is_adapter

    losses = train(model)
    for name, p in model.named_parameters():
        assert (p.grad is not None) == is_adapter[name], name
        if is_adapter[name]:
            assert not torch.equal(p, before[name]), f"{name} did not train"
        else:  # the embedding, norms and every projection, despite weight_decay=0.1
            assert torch.equal(p, before[name]), f"{name} changed"
    assert losses[-1] < losses[0] - 0.1, losses


@pytest.mark.parametrize("target", ["qkv_proj", "attn.qkv_proj", "*.qkv_proj", "*qkv*"])
def test_a_target_matches_full_names_or_dotted_suffixes(target):
    assert inject(base_model(), LoRAConfig(targets=[target])).modules == ["layers.0.attn.qkv_proj",
                                                                           "layers.1.attn.qkv_proj"]


def test_a_full_name_targets_one_layer_and_presets_combine_with_patterns():
    assert inject(base_model(), LoRAConfig(targets=["layers.1.attn.qkv_proj"])).modules == ["layers.1.attn.qkv_proj"]
    modules = inject(base_model(), LoRAConfig(targets=["attn", "down_proj"])).modules
    assert modules == ["layers.0.attn.qkv_proj", "layers.0.attn.out_proj", "layers.0.mlp.down_proj",
                       "layers.1.attn.qkv_proj", "layers.1.attn.out_proj", "layers.1.mlp.down_proj"]


def test_per_target_overrides_and_rslora_scaling():
    cfg = LoRAConfig(targets=["all"], r=8, alpha=16, rslora=True,
                     overrides={"qkv_proj": {"r": 4}, "mlp": {"r": 2, "alpha": 4}, "layers.1.mlp.down_proj": {"r": 1}})
    model = base_model()
    inject(model, cfg)
    ranks = {name: (m.r, m.alpha, m.lora_A.shape, m.lora_B.shape) for name, m in lora_modules(model).items()}
    assert ranks["layers.0.attn.qkv_proj"] == (4, 16, (4, 32), (96, 4))
    assert ranks["layers.0.attn.out_proj"] == (8, 16, (8, 32), (32, 8))
    assert ranks["layers.0.mlp.up_proj"] == (2, 4, (2, 32), (48, 2))
    assert ranks["layers.1.mlp.down_proj"] == (1, 4, (1, 48), (32, 1))  # later override wins for r, keeps alpha
    for m in lora_modules(model).values():
        assert m.scaling == pytest.approx(m.alpha / math.sqrt(m.r))
    plain = base_model()
    inject(plain, LoRAConfig(r=8, alpha=16))
    assert all(m.scaling == 2.0 for m in lora_modules(plain).values())  # alpha / r


# --- merge -----------------------------------------------------------------------------------------

def test_merge_unmerge_round_trip():
    model = trained_lora_model()
    base_weights = {name: m.weight.detach().clone() for name, m in lora_modules(model).items()}
    deltas = {name: m.delta_weight() for name, m in lora_modules(model).items()}
    assert all(d.abs().max() > 1e-3 for d in deltas.values())  # training made B ≠ 0
    unmerged = logits(model)
    merge(model)
    # Merged computes x·(W + s·B·A)ᵀ, unmerged x·Wᵀ + s·(x·Aᵀ)·Bᵀ: same math, different fp32
    # rounding order, so equal to a few ulps of the logits (|logits| < 1 here).
    torch.testing.assert_close(logits(model), unmerged, atol=1e-5, rtol=0)
    assert all(m.merged for m in lora_modules(model).values())
    unmerge(model)
    for name, m in lora_modules(model).items():
        w, d = base_weights[name], deltas[name]
        # fl(fl(W + D) - D): each fp32 op rounds by at most half an ulp of its result, so the
        # error is bounded by eps · (|W| + |D|) elementwise — not zero, since W + D lost W's low bits.
        assert ((m.weight - w).abs() <= torch.finfo(torch.float32).eps * (w.abs() + d.abs())).all(), name
    torch.testing.assert_close(logits(model), unmerged, atol=1e-5, rtol=0)


def test_merge_twice_or_unmerge_unmerged_is_an_error():
    layer = LoRALinear(torch.nn.Linear(4, 4, bias=False), r=2, alpha=2)
    with pytest.raises(ValueError, match="not merged"):
        layer.unmerge()
    layer.merge()
    with pytest.raises(ValueError, match="already merged"):
        layer.merge()


def test_merge_adds_the_update_in_fp32_and_rounds_once():
    torch.manual_seed(0)
    layer = LoRALinear(torch.nn.Linear(64, 64, bias=False), r=8, alpha=16).to(torch.bfloat16)
    torch.nn.init.normal_(layer.lora_B, std=0.02)
    w0, a, b = layer.weight.detach().clone(), layer.lora_A.detach(), layer.lora_B.detach()
    exact = w0.double() + layer.scaling * (b.double() @ a.double())
    naive = w0 + layer.scaling * (b @ a)  # everything in bf16: B·A rounded, then the sum rounded again
    layer.merge()
    assert torch.equal(layer.weight, (w0.float() + layer.scaling * (b.float() @ a.float())).bfloat16())
    # Against the correctly rounded exact result: fp32 carries 16 more bits than bf16, so the
    # fp32-then-cast path can only miss it at near-ties (double rounding); the naive path rounds B·A,
    # its scaling and the sum separately.
    rounded = exact.to(torch.bfloat16)
    wrong_fp32, wrong_naive = (layer.weight != rounded).sum().item(), (naive != rounded).sum().item()
    print(f"bf16 merge, elements not correctly rounded: fp32-then-cast {wrong_fp32}, naive bf16 {wrong_naive} "
          f"of {rounded.numel()}")
    assert wrong_fp32 * 10 < wrong_naive
    assert (layer.weight.double() - exact).abs().sum() < (naive.double() - exact).abs().sum()


def test_strip_gives_a_plain_model_with_the_base_keys():
    base = base_model()
    model = trained_lora_model()
    expected = logits(model)
    stripped = strip(model)
    assert not lora_modules(stripped)
    assert list(stripped.state_dict()) == list(base.state_dict())
    torch.testing.assert_close(logits(stripped), expected, atol=1e-5, rtol=0)


# --- adapter files ---------------------------------------------------------------------------------

def test_adapter_round_trip_reproduces_the_trained_model(tmp_path, base_ckpt):
    cfg = LoRAConfig(targets=["attn"], r=8, alpha=16, overrides={"out_proj": {"r": 4}})
    model = load_model(base_ckpt).model
    inject(model, cfg)
    train(model)
    model.eval()
    save_adapter(tmp_path / "adapter", model, cfg, base_ckpt, base_sha256_of(base_ckpt))

    fresh = load_model(base_ckpt).model
    assert load_adapter(tmp_path / "adapter", fresh, base_sha256_of(base_ckpt)) == cfg
    assert torch.equal(logits(fresh), logits(model))
    assert all(p.requires_grad == name.endswith(("lora_A", "lora_B")) for name, p in fresh.named_parameters())
    meta = json.loads((tmp_path / "adapter" / "adapter.json").read_text())
    assert meta["shapes"]["layers.0.attn.out_proj.lora_B"] == [32, 4]
    assert sorted(adapter_state_dict(fresh)) == sorted(meta["shapes"])


def test_an_adapter_alone_loads_on_the_base_it_records(tmp_path, base_ckpt):
    model = load_model(base_ckpt).model
    cfg = LoRAConfig(targets=["all"], r=4)
    inject(model, cfg)
    train(model)
    model.eval()
    save_adapter(tmp_path / "run" / "checkpoints" / "step_1", model, cfg, base_ckpt, base_sha256_of(base_ckpt))
    (tmp_path / "run" / "latest").symlink_to("checkpoints/step_1")
    meta = json.loads((tmp_path / "run" / "latest" / "adapter.json").read_text())
    assert meta["base"] == str(base_ckpt.resolve())
    for path in (tmp_path / "run" / "latest", tmp_path / "run"):  # the adapter, or the LoRA run's latest
        loaded = load_for_inference(path)
        assert loaded.path.resolve() == base_ckpt.resolve() and not loaded.model.training
        assert torch.equal(logits(loaded.model), logits(model))
    explicit = load_for_inference(base_ckpt, adapter=tmp_path / "run" / "latest")  # base named explicitly
    assert torch.equal(logits(explicit.model), logits(model))
    plain = load_for_inference(base_ckpt)  # a checkpoint alone: its own weights, no adapter
    assert not lora_modules(plain.model)

    moved = tmp_path / "moved"
    base_ckpt.rename(moved)
    try:
        with pytest.raises(UserError, match=r"adapter.json: its base checkpoint .* is gone: name the base explicitly"):
            load_for_inference(tmp_path / "run")
        assert torch.equal(logits(load_for_inference(moved, adapter=tmp_path / "run" / "latest").model), logits(model))
    finally:
        moved.rename(base_ckpt)


def test_adapter_is_a_small_fraction_of_the_base(tmp_path, base_ckpt):
    model = load_model(base_ckpt).model
    summary = inject(model, LoRAConfig(targets=["attn"], r=8))
    save_adapter(tmp_path / "adapter", model, LoRAConfig(), base_ckpt, base_sha256_of(base_ckpt))
    adapter_file, base_file = tmp_path / "adapter" / "adapter.safetensors", base_ckpt / "model.safetensors"
    adapter_bytes, base_bytes = adapter_file.stat().st_size, base_file.stat().st_size
    header = 8 + struct.unpack("<Q", adapter_file.read_bytes()[:8])[0]
    print(f"adapter {adapter_bytes:,} B ({summary.trainable:,} params) vs base {base_bytes:,} B "
          f"({CFG.num_params():,} params): {100 * adapter_bytes / base_bytes:.1f}%")
    assert adapter_bytes - header == 4 * summary.trainable == 4 * ATTN_R8_PARAMS  # fp32 A/B, nothing else
    # Here r=8 is a quarter of d_model=32, so the adapter is 3,072 / 20,672 = 14.9% of the
    # parameters (15.5% of the bytes). The share falls as d grows: the same preset on the 29m
    # config is 196,608 / 29.1M = 0.68%.
    assert adapter_bytes < 0.16 * base_bytes


def test_adapter_on_a_different_base_is_refused(tmp_path, base_ckpt, tokenizer):
    model = trained_lora_model()
    save_adapter(tmp_path / "adapter", model, LoRAConfig(), base_ckpt, base_sha256_of(base_ckpt))
    save_model(tmp_path / "other", base_model(seed=1), tokenizer)
    other = load_model(tmp_path / "other").model
    ours, theirs = base_sha256_of(base_ckpt)[:12], base_sha256_of(tmp_path / "other")[:12]
    with pytest.raises(UserError, match=f"adapter.json: adapter was trained on base {ours}, not {theirs}"):
        load_adapter(tmp_path / "adapter", other, base_sha256_of(tmp_path / "other"))
    assert not lora_modules(other)  # refused before the model was touched


@pytest.mark.parametrize("shape", [{"n_layer": 1}, {"n_layer": 3}, {"d_model": 64}])
def test_adapter_on_a_different_shape_is_refused(tmp_path, shape):
    save_adapter(tmp_path / "adapter", trained_lora_model(), LoRAConfig(), ELSEWHERE, "0" * 64)
    other = base_model(cfg=ModelConfig(**{**vars(CFG), **shape}))
    with pytest.raises(UserError, match="adapter.json: .*(doesn't match the model|the model expects)"):
        load_adapter(tmp_path / "adapter", other, None)
    assert not lora_modules(other)


def test_truncated_or_corrupted_adapter_is_refused(tmp_path):
    save_adapter(tmp_path / "adapter", trained_lora_model(), LoRAConfig(), ELSEWHERE, "0" * 64)
    weights = tmp_path / "adapter" / "adapter.safetensors"
    data = weights.read_bytes()
    weights.write_bytes(data[: len(data) // 2])
    with pytest.raises(UserError, match="adapter.safetensors: checksum mismatch .*truncated or corrupted"):
        load_adapter(tmp_path / "adapter", base_model(), None)
    weights.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # one flipped bit: safetensors alone would not notice
    with pytest.raises(UserError, match="checksum mismatch"):
        load_adapter(tmp_path / "adapter", base_model(), None)


@pytest.mark.parametrize("content, needle", [
    ("{not json", "not valid JSON"),
    ('{"format": 1}', "malformed adapter metadata"),
    (None, "missing"),
])
def test_malformed_or_missing_adapter_json(tmp_path, content, needle):
    save_adapter(tmp_path / "adapter", trained_lora_model(), LoRAConfig(), ELSEWHERE, "0" * 64)
    meta = tmp_path / "adapter" / "adapter.json"
    if content is None:
        meta.unlink()
    else:
        meta.write_text(content)
    with pytest.raises(UserError, match=f"adapter.json: {needle}"):
        load_adapter(tmp_path / "adapter", base_model(), None)


def test_a_crash_while_saving_keeps_the_old_adapter(tmp_path, monkeypatch):
    old = trained_lora_model()
    save_adapter(tmp_path / "adapter", old, LoRAConfig(), ELSEWHERE, "0" * 64)
    before = {p.name: p.read_bytes() for p in (tmp_path / "adapter").iterdir()}

    def crash(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr(lora.adapter, "save", crash)
    with pytest.raises(OSError, match="disk full"):
        save_adapter(tmp_path / "adapter", trained_lora_model(seed=1), LoRAConfig(), ELSEWHERE, "0" * 64)
    with pytest.raises(OSError, match="disk full"):
        save_adapter(tmp_path / "new", old, LoRAConfig(), ELSEWHERE, "0" * 64)
    assert {p.name: p.read_bytes() for p in (tmp_path / "adapter").iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adapter"]  # no "new", no .tmp/.old left


def test_saving_over_an_existing_adapter_replaces_it(tmp_path):
    save_adapter(tmp_path / "adapter", trained_lora_model(seed=0), LoRAConfig(), ELSEWHERE, "0" * 64)
    newer = trained_lora_model(seed=1)
    save_adapter(tmp_path / "adapter", newer, LoRAConfig(), ELSEWHERE, "0" * 64)
    fresh = base_model(seed=1)
    load_adapter(tmp_path / "adapter", fresh, "0" * 64)
    assert torch.equal(logits(fresh.eval()), logits(newer.eval()))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adapter"]


# --- config errors ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, message", [
    ({"r": 0}, "lora.r must be >= 1, got 0"),
    ({"alpha": -1.0}, "lora.alpha must be > 0, got -1"),
    ({"dropout": 1.0}, r"lora.dropout must be >= 0 and < 1, got 1"),
    ({"dropout": -0.1}, r"lora.dropout must be >= 0 and < 1, got -0.1"),
    ({"overrides": {"qkv_proj": {"r": 0}}}, "lora.overrides.qkv_proj.r must be positive, got 0"),
    ({"overrides": {"qkv_proj": {"rank": 4}}}, "lora.overrides.qkv_proj must be a table with keys from r, alpha"),
    ({"targets": []}, "lora.targets must be a non-empty list"),
])
def test_bad_config_values(kwargs, message):
    with pytest.raises(UserError, match=message):
        LoRAConfig(**kwargs)


def test_config_json_round_trip_and_errors_name_the_file():
    cfg = LoRAConfig(targets=["all"], r=4, alpha=8, dropout=0.1, rslora=True, overrides={"qkv_proj": {"r": 2}})
    assert LoRAConfig.from_dict(json.loads(json.dumps(cfg.to_dict())), "x.json") == cfg
    with pytest.raises(UserError, match="x.json: lora.rank: unknown key"):
        LoRAConfig.from_dict({"rank": 4}, "x.json")
    with pytest.raises(UserError, match="x.json: lora.r: expected int, got str"):
        LoRAConfig.from_dict({"r": "8"}, "x.json")
    with pytest.raises(UserError, match="x.json: lora.r must be >= 1, got 0"):
        LoRAConfig.from_dict({"r": 0}, "x.json")


def test_targets_matching_nothing_list_the_available_modules():
    with pytest.raises(UserError, match="lora.targets: q_proj matches no Linear module; available: attn.qkv_proj, "
                                        "attn.out_proj, mlp.gate_proj, mlp.up_proj, mlp.down_proj$"):
        inject(base_model(), LoRAConfig(targets=["q_proj"]))
    with pytest.raises(UserError, match="lora.overrides: lm_head matches no targeted module"):
        inject(base_model(), LoRAConfig(overrides={"lm_head": {"r": 2}}))


def test_injecting_twice_is_an_error():
    model = base_model()
    inject(model, LoRAConfig())
    with pytest.raises(UserError, match="already has LoRA adapters"):
        inject(model, LoRAConfig(targets=["mlp"]))


# --- merged export ---------------------------------------------------------------------------------

def test_export_merged_loads_as_an_ordinary_checkpoint(tmp_path, base_ckpt, tokenizer):
    model = load_model(base_ckpt).model
    inject(model, LoRAConfig(targets=["all"]))
    train(model)
    model.eval()
    export_merged(model, tokenizer, tmp_path / "merged", extra={"note": "test"})
    loaded = load_model(tmp_path / "merged")
    assert loaded.config["note"] == "test" and not lora_modules(loaded.model)
    torch.testing.assert_close(logits(loaded.model), logits(model), atol=1e-5, rtol=0)
    assert lora_modules(model) and not any(m.merged for m in lora_modules(model).values())  # caller's model untouched


def run_export(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lora.export", *argv], capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_export_cli(tmp_path, base_ckpt, tokenizer):
    model = load_model(base_ckpt).model
    cfg = LoRAConfig(r=4)
    inject(model, cfg)
    train(model)
    model.eval()
    save_adapter(tmp_path / "adapter", model, cfg, base_ckpt, base_sha256_of(base_ckpt))

    for base_flag in (["--base", str(base_ckpt)], []):  # the base named, or the one the adapter records
        proc = run_export(*base_flag, "--adapter", str(tmp_path / "adapter"), "--out", str(tmp_path / "out"))
        assert proc.returncode == 0, proc.stderr
        loaded = load_model(tmp_path / "out")
        assert loaded.config["merged_adapter"]["base_weights_sha256"] == base_sha256_of(base_ckpt)
        torch.testing.assert_close(logits(loaded.model), logits(model), atol=1e-5, rtol=0)

    save_model(tmp_path / "other", base_model(seed=1), tokenizer)
    proc = run_export("--base", str(tmp_path / "other"), "--adapter", str(tmp_path / "adapter"),
                      "--out", str(tmp_path / "out2"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and "adapter.json: adapter was trained on base" in last, proc.stderr
    assert not (tmp_path / "out2").exists()
