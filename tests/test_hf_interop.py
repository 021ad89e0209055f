"""Hugging Face interop: an export loads in `transformers` and `peft` with no custom code and computes
what the project's model computes; a Llama directory imports back bit for bit; what the model cannot
represent is refused in one line."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file, save_file

from configs.errors import UserError
from lora import inject, load_for_inference
from lora.adapter import save_adapter
from lora.export import main as export_main
from lora.inject import LoRAConfig, strip
from model.checkpoint import load_model, save_model
from model.config import ModelConfig
from model.generate import SamplingConfig, generate_ids
from model.model import Transformer
from tests.conftest import STDLIB

transformers = pytest.importorskip("transformers")  # the `hf` extra, which `test` includes
peft = pytest.importorskip("peft")

# fp32 on the CPU: the two implementations order a few sums differently; observed ≤ 1.4e-5 on these
# scaled-up random weights.
LOGITS_TOLERANCE = 1e-4
ROOT = Path(__file__).resolve().parents[1]


def checkpoint(tmp_path: Path, tiny_ckpt: Path, seed: int, **shape) -> Path:
    """A random model (scaled-up init, so logits differ clearly) with the tiny checkpoint's tokenizer."""
    loaded = load_model(tiny_ckpt)
    torch.manual_seed(seed)
    cfg = ModelConfig(vocab_size=loaded.tokenizer.vocab_size, n_layer=2, n_head=4, d_model=64, d_mlp=96,
                      max_seq_len=128, **shape)
    model = Transformer(cfg)
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(3.0)
    save_model(tmp_path / f"ckpt-{seed}", model, loaded.tokenizer)
    return tmp_path / f"ckpt-{seed}"


def inputs(tokenizer) -> list[torch.Tensor]:
    code = (STDLIB / "textwrap.py").read_text()[:3000]
    return [torch.randint(0, tokenizer.vocab_size, (2, 50), generator=torch.Generator().manual_seed(0)),
            torch.tensor([tokenizer.encode(code)[:120]])]


def hf_logits(model, ids: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        return model(ids).logits


@pytest.mark.parametrize("tied", [True, False])
def test_a_checkpoint_exported_loads_in_transformers_and_agrees(tmp_path, tiny_ckpt, tied):
    ckpt = checkpoint(tmp_path, tiny_ckpt, 0, tie_embeddings=tied)
    export_main(["--format", "hf", "--ckpt", str(ckpt), "--out", str(tmp_path / "hf")])
    ours = load_model(ckpt)
    theirs = transformers.AutoModelForCausalLM.from_pretrained(tmp_path / "hf").eval()
    tokenizer = transformers.AutoTokenizer.from_pretrained(tmp_path / "hf")
    assert type(theirs).__name__ == "LlamaForCausalLM" and theirs.config.tie_word_embeddings == tied
    for ids in inputs(ours.tokenizer):
        with torch.no_grad():
            assert (ours.model(ids) - hf_logits(theirs, ids)).abs().max() <= LOGITS_TOLERANCE
    code = "def gcd(a, b):\n    \"\"\"Greatest common divisor.\"\"\"\n"
    assert tokenizer(code)["input_ids"] == ours.tokenizer.encode(code)
    assert tokenizer.eos_token == "<|endoftext|>" and tokenizer.pad_token_id == ours.tokenizer.pad_id
    prompt = ours.tokenizer.encode(code)
    mine = generate_ids(ours.model, [prompt], SamplingConfig(max_new_tokens=20, temperature=0))[0]
    generated = theirs.generate(torch.tensor([prompt]), max_new_tokens=20, do_sample=False,
                                eos_token_id=ours.tokenizer.eot_id, pad_token_id=ours.tokenizer.pad_id)
    assert generated[0, len(prompt):].tolist()[:len(mine)] == mine and len(mine) > 0


def test_a_llama_directory_imports_and_exports_back_bit_for_bit(tmp_path, tiny_ckpt):
    ckpt = checkpoint(tmp_path, tiny_ckpt, 1)
    export_main(["--format", "hf", "--ckpt", str(ckpt), "--out", str(tmp_path / "hf")])
    imported = load_model(tmp_path / "hf")  # the same loader evaluation and --init use
    original = load_model(ckpt)
    assert all(torch.equal(a, b) for a, b in zip(imported.model.state_dict().values(),
                                                 original.model.state_dict().values()))
    export_main(["--format", "hf", "--ckpt", str(tmp_path / "hf"), "--out", str(tmp_path / "again")])
    for name in ("model.safetensors", "config.json", "tokenizer.json", "tokenizer_config.json"):
        assert (tmp_path / "hf" / name).read_bytes() == (tmp_path / "again" / name).read_bytes(), name


def trained_adapter(tmp_path: Path, base: Path) -> Path:
    """An adapter on every projection, the MLP's up_proj at another rank and alpha, with random B."""
    loaded = load_model(base)
    cfg = LoRAConfig(targets=["all"], r=4, alpha=8.0, overrides={"up_proj": {"r": 2, "alpha": 3.0}})
    inject(loaded.model, cfg)
    torch.manual_seed(2)
    with torch.no_grad():
        for name, p in loaded.model.named_parameters():
            if "lora_B" in name:
                p.normal_(0, 0.2)
    save_adapter(tmp_path / "adapter", loaded.model, cfg, loaded.path, loaded.config["weights_sha256"])
    return tmp_path / "adapter"


def test_an_adapter_exported_for_peft_agrees_with_the_merged_model(tmp_path, tiny_ckpt):
    base = checkpoint(tmp_path, tiny_ckpt, 3)
    adapter = trained_adapter(tmp_path, base)
    export_main(["--format", "hf", "--ckpt", str(base), "--out", str(tmp_path / "hf-base")])
    export_main(["--format", "peft", "--adapter", str(adapter), "--out", str(tmp_path / "peft"),
                 "--hf-base", str(tmp_path / "hf-base")])
    export_main(["--format", "hf", "--adapter", str(adapter), "--out", str(tmp_path / "hf-merged")])
    config = json.loads((tmp_path / "peft" / "adapter_config.json").read_text())
    assert "model.layers.0.self_attn.q_proj" in config["target_modules"]
    assert config["rank_pattern"] == {f"model.layers.{i}.mlp.up_proj": 2 for i in range(2)}

    hf_base = transformers.AutoModelForCausalLM.from_pretrained(tmp_path / "hf-base").eval()
    with_adapter = peft.PeftModel.from_pretrained(hf_base, tmp_path / "peft").eval()
    merged = transformers.AutoModelForCausalLM.from_pretrained(tmp_path / "hf-merged").eval()
    plain = transformers.AutoModelForCausalLM.from_pretrained(tmp_path / "hf-base").eval()  # peft wrapped hf_base
    ours = load_for_inference(base, adapter=adapter)  # base + adapter, as evaluation runs it
    for ids in inputs(ours.tokenizer):
        with torch.no_grad():
            unmerged = ours.model(ids)
            assert (hf_logits(with_adapter, ids) - unmerged).abs().max() <= LOGITS_TOLERANCE
            assert (hf_logits(plain, ids) - unmerged).abs().max() > 100 * LOGITS_TOLERANCE  # the adapter matters
    strip(ours.model)
    for ids in inputs(ours.tokenizer):
        with torch.no_grad():
            merged_ours = ours.model(ids)
            assert (hf_logits(with_adapter, ids) - merged_ours).abs().max() <= LOGITS_TOLERANCE
            assert (hf_logits(merged, ids) - merged_ours).abs().max() <= LOGITS_TOLERANCE


def break_config(directory: Path, **changes) -> Path:
    config = json.loads((directory / "config.json").read_text())
    config.update(changes)
    (directory / "config.json").write_text(json.dumps(config))
    return directory


@pytest.mark.parametrize("change, needle", [
    ({"num_key_value_heads": 2}, "num_key_value_heads is 2: grouped-query attention"),
    ({"attention_bias": True}, "attention_bias is True: this model has no biases"),
    ({"rope_parameters": {"rope_type": "yarn", "factor": 4.0, "rope_theta": 1e4}}, "RoPE type 'yarn'"),
    ({"hidden_act": "gelu"}, "hidden_act is 'gelu'"),
    ({"model_type": "mistral"}, "model_type is 'mistral': only Llama-architecture"),
    ({"vocab_size": 512}, "tokens, but the model's vocabulary has 512"),
])
def test_what_the_model_cannot_represent_is_refused_in_one_line(tmp_path, tiny_ckpt, change, needle):
    ckpt = checkpoint(tmp_path, tiny_ckpt, 4)
    export_main(["--format", "hf", "--ckpt", str(ckpt), "--out", str(tmp_path / "hf")])
    with pytest.raises(UserError, match=needle):
        load_model(break_config(tmp_path / "hf", **change))


@pytest.mark.slow
def test_a_bias_tensor_is_refused_and_the_cli_says_so_in_one_line(tmp_path, tiny_ckpt):
    ckpt = checkpoint(tmp_path, tiny_ckpt, 5)
    export_main(["--format", "hf", "--ckpt", str(ckpt), "--out", str(tmp_path / "hf")])
    weights = tmp_path / "hf" / "model.safetensors"
    tensors = load_file(weights)
    tensors["model.layers.0.self_attn.q_proj.bias"] = torch.zeros(64)
    save_file(tensors, weights)
    with pytest.raises(UserError, match=r"model\.layers\.0\.self_attn\.q_proj\.bias has no place in this model"):
        load_model(tmp_path / "hf")
    proc = subprocess.run([sys.executable, "-m", "eval.sample", "--ckpt", str(tmp_path / "hf"), "--prompt", "def "],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("error: ") and "has no place" in proc.stderr


def test_instruction_tuning_starts_from_a_llama_directory(tmp_path, tiny_ckpt, instruct_data):
    from train.instruct import main as instruct_main

    ckpt = checkpoint(tmp_path, tiny_ckpt, 6)
    export_main(["--format", "hf", "--ckpt", str(ckpt), "--out", str(tmp_path / "hf")])
    result = instruct_main(["--init", str(tmp_path / "hf"), "--data", str(instruct_data), "--out", str(tmp_path / "r"),
                            "--lora", "--max-steps", "4", "--train.eval_interval", "4", "--train.eval_suite", "",
                            "--data.val_fraction", "0.15", "--batch-size", "4"])
    assert sorted(result.losses) == [1, 2, 3, 4]
    export_main(["--format", "hf", "--adapter", str(tmp_path / "r" / "best"), "--out", str(tmp_path / "tuned")])
    assert transformers.AutoModelForCausalLM.from_pretrained(tmp_path / "tuned") is not None


def test_pretraining_continues_from_a_llama_directory_on_its_own_tokenizer(tmp_path, tiny_ckpt, small_data):
    from train.pretrain import main as pretrain_main

    ckpt = checkpoint(tmp_path, tiny_ckpt, 7)
    export_main(["--format", "hf", "--ckpt", str(ckpt), "--out", str(tmp_path / "hf")])
    flags = ["--data.src", str(small_data / "src"), "--max-steps", "3", "--train.eval_interval", "3",
             "--train.eval_suite", "", "--train.seq_len", "64", "--batch-size", "2", "--train.sample_tokens", "4"]
    result = pretrain_main(flags + ["--init", str(tmp_path / "hf"), "--data.dir", str(tmp_path / "data"),
                                    "--out", str(tmp_path / "run")])
    assert sorted(result.losses) == [1, 2, 3]
    trained = load_model(tmp_path / "run")
    assert trained.config["model"] == load_model(tmp_path / "hf").config["model"]  # its shape, not tiny's
    assert trained.tokenizer.sha256 == load_model(ckpt).tokenizer.sha256  # and its tokenizer
    with pytest.raises(UserError, match="the data directory has its own tokenizer"):  # never mixed with another's
        pretrain_main(flags + ["--init", str(tmp_path / "hf"), "--data.dir", str(small_data / "data"),
                               "--out", str(tmp_path / "other")])
