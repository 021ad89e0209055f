"""Run configs: TOML loading, typed overrides from the command line, one-line errors."""
import subprocess
import sys

import pytest

from configs.errors import UserError
from configs.overrides import overrides_from_args
from model.config import table
from train.config import PretrainConfig, load_config
from train.pretrain import parse_args


def test_tiny_loads_with_typed_sections():
    cfg = load_config(PretrainConfig, "pretrain", "tiny")
    assert cfg.model.d_model == 128 and cfg.train.seq_len == 256 and cfg.data.src == []


def test_every_key_is_a_flag_and_overrides_the_toml():
    args = parse_args(["--train.lr", "0.01", "--max-steps", "7", "--model.tie_embeddings", "false",
                       "--data.src", "a", "b"])
    cfg = load_config(PretrainConfig, "pretrain", "tiny", overrides_from_args(args))
    assert (cfg.train.lr, cfg.train.max_steps, cfg.model.tie_embeddings, cfg.data.src) == (0.01, 7, False, ["a", "b"])
    assert cfg.model.d_model == 128  # untouched keys keep the TOML value


def test_unknown_key_names_file_and_key(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[model]\nd_modle = 3\n")
    with pytest.raises(UserError, match=r"bad\.toml: model\.d_modle: unknown key"):
        load_config(PretrainConfig, "pretrain", str(path))


def test_wrong_type_names_file_and_key(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[train]\nlr = "fast"\n')
    with pytest.raises(UserError, match=r"bad\.toml: train\.lr: expected float, got str"):
        load_config(PretrainConfig, "pretrain", str(path))
    path.write_text("[train]\nbatch_size = true\n")
    with pytest.raises(UserError, match=r"train\.batch_size: expected int, got bool"):
        load_config(PretrainConfig, "pretrain", str(path))


def test_invalid_values_and_unknown_config_are_errors(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[model]\nd_model = 100\nn_head = 3\n")
    with pytest.raises(UserError, match="divisible"):
        load_config(PretrainConfig, "pretrain", str(path))
    with pytest.raises(UserError, match="config not found: nope"):
        load_config(PretrainConfig, "pretrain", "nope")


@pytest.mark.slow
@pytest.mark.parametrize("argv, message", [
    (["--config", "nope"], "config not found: nope"),
    (["--train.lr", "fast"], "argument --train.lr/--lr: invalid float value"),
])
def test_cli_bad_config_is_one_line_exit_2(argv, message):
    proc = subprocess.run([sys.executable, "-m", "train.pretrain", *argv], capture_output=True, text=True)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_help_documents_every_override():
    proc = subprocess.run([sys.executable, "-m", "train.pretrain", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    for flag in ("--config", "--out", "--max-steps", "--resume", "--model.d_model", "--train.label_smoothing",
                 "--data.src"):
        assert flag in proc.stdout


def test_configs_table_lists_every_named_config():
    text = table()
    for name, count in [("tiny", "1,852,544"), ("29m", "29,106,688"), ("105m", "105,404,160")]:
        assert f"| {name} |" in text and count in text


def test_instruct_config_sections_short_flags_and_toml(tmp_path):
    from train.config import InstructConfig
    from train.instruct import parse_args as instruct_args

    defaults = load_config(InstructConfig, "instruct", None)
    assert (defaults.lora.enabled, defaults.train.lr, defaults.train.batch_size, defaults.data.files) == (
        False, 1e-4, 8, [])
    args = instruct_args(["--lora", "--init", "runs/x", "--data", "a.jsonl", "b.jsonl", "--max-steps", "9",
                          "--lora.targets", "all", "--lora.r", "4", "--train.label_smoothing", "0.1"])
    cfg = load_config(InstructConfig, "instruct", None, overrides_from_args(args))
    assert cfg.lora.enabled and cfg.model.init == "runs/x" and cfg.data.files == ["a.jsonl", "b.jsonl"]
    assert (cfg.train.max_steps, cfg.lora.targets, cfg.lora.r, cfg.train.label_smoothing) == (9, ["all"], 4, 0.1)
    off = overrides_from_args(instruct_args(["--lora", "false"]))
    assert not load_config(InstructConfig, "instruct", None, off).lora.enabled

    path = tmp_path / "sft.toml"
    path.write_text('[lora]\nenabled = true\nr = 16\n[train]\nlr = 1e-3\n[data]\nval_fraction = 0.1\n')
    cfg = load_config(InstructConfig, "instruct", str(path), overrides_from_args(instruct_args(["--lr", "2e-3"])))
    assert (cfg.lora.enabled, cfg.lora.r, cfg.train.lr, cfg.data.val_fraction) == (True, 16, 2e-3, 0.1)
    assert cfg.train.warmup_steps == 20  # instruction tuning's own default, not pretraining's


def test_lora_overrides_come_from_toml_and_flags_into_the_one_lora_config(tmp_path):
    from lora import LoRAConfig
    from train.config import InstructConfig
    from train.instruct import parse_args as instruct_args

    path = tmp_path / "sft.toml"
    path.write_text('[lora]\nenabled = true\n[lora.overrides]\nmlp = {r = 16, alpha = 32}\n')
    cfg = load_config(InstructConfig, "instruct", str(path))
    assert isinstance(cfg.lora, LoRAConfig) and cfg.lora.overrides == {"mlp": {"r": 16, "alpha": 32}}
    flags = overrides_from_args(instruct_args(["--lora.overrides", "mlp:r=4,alpha=8.5", "attn:r=2"]))
    cfg = load_config(InstructConfig, "instruct", str(path), flags)  # the flag replaces the TOML's table
    assert cfg.lora.overrides == {"mlp": {"r": 4, "alpha": 8.5}, "attn": {"r": 2}}
    with pytest.raises(SystemExit):  # argparse: one usage line and exit status 2
        instruct_args(["--lora.overrides", "mlp"])
    path.write_text('[lora.overrides]\nmlp = {r = 0}\n')
    with pytest.raises(UserError, match=r"lora\.overrides\.mlp\.r must be positive, got 0"):
        load_config(InstructConfig, "instruct", str(path))


@pytest.mark.parametrize("toml, message", [
    ("[lora]\nr = 0\n", r"lora\.r must be >= 1, got 0"),
    ("[train]\nbatch_size = 0\n", r"train\.batch_size must be >= 1, got 0"),
    ("[data]\nval_fraction = 0\n", r"data\.val_fraction must be > 0 and < 1, got 0"),
    ('[data]\nval_files = ["v.jsonl"]\n', r"data\.val_files needs data\.files"),
    ("[lora]\nrank = 4\n", r"sft\.toml: lora\.rank: unknown key"),
])
def test_instruct_config_errors_name_the_key(tmp_path, toml, message):
    from train.config import InstructConfig

    path = tmp_path / "sft.toml"
    path.write_text(toml)
    with pytest.raises(UserError, match=message):
        load_config(InstructConfig, "instruct", str(path))


@pytest.mark.slow
def test_instruct_help_lists_sections_and_short_forms():
    proc = subprocess.run([sys.executable, "-m", "train.instruct", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    for flag in ("--config", "--lora", "--init", "--data", "--max-steps", "--lora.targets", "--train.eval_interval",
                 "--data.val_files", "--model.init", "--train.min_lr_ratio"):
        assert flag in proc.stdout, flag
