"""Every numeric key of every config is checked where it is typed (configs/fields.py): 0, a negative, NaN,
infinity and a value of the wrong type each give a one-line error naming the key, or, where a value is
accepted, the key's help says what it means ("0 = off")."""
from __future__ import annotations

import dataclasses
import math
import typing

import pytest

from configs.errors import UserError
from configs.fields import bounds_of
from configs.loader import dataclass_from_dict
from eval.generation import GenerationConfig, flag_name
from eval.sandbox import SandboxConfig
from lora import LoRAConfig
from model.config import ModelConfig
from tests.test_cli_errors import assert_one_line_error, run
from train.config import (
    ImproveLoopConfig,
    ImproveSection,
    InstructDataConfig,
    InstructLoopConfig,
    PretrainDataConfig,
    PretrainLoopConfig,
    SpeedrunStages,
)

# every config dataclass a user sets, with how the user spells its keys
SECTIONS = {ModelConfig: "model.", PretrainLoopConfig: "train.", PretrainDataConfig: "data.",
            InstructLoopConfig: "train.", InstructDataConfig: "data.", LoRAConfig: "lora.", SpeedrunStages: "run.",
            ImproveLoopConfig: "train.", ImproveSection: "improve.", GenerationConfig: "--", SandboxConfig: "--"}
TRIALS = {"zero": 0, "negative": -3, "nan": math.nan, "inf": math.inf, "wrong type": "12"}


def numeric_keys() -> list[tuple[type, str, str]]:
    keys = []
    for cls in SECTIONS:
        hints = typing.get_type_hints(cls)
        keys += [(cls, f.name, f.metadata.get("help", "")) for f in dataclasses.fields(cls)
                 if hints[f.name] in (int, float)]
    return keys


def spelled(cls: type, name: str) -> str:
    if cls is GenerationConfig:
        return flag_name(name)
    if cls is SandboxConfig:
        return "--timeout" if name == "timeout_s" else f"sandbox.{name}"
    return SECTIONS[cls] + name


def test_every_config_section_is_walked():
    assert len(numeric_keys()) >= 50


@pytest.mark.parametrize("cls, name, help_line", numeric_keys(), ids=lambda v: getattr(v, "__name__", v)[:40])
@pytest.mark.parametrize("trial", TRIALS)
def test_a_numeric_key_refuses_a_bad_value_in_one_line_or_documents_it(cls, name, help_line, trial):
    value = TRIALS[trial]
    try:
        if SECTIONS[cls] == "--":  # an eval command's flags: argparse types them, the dataclass checks the rest
            cls(**{name: value})
        else:  # a TOML section or `--section.key` flag: typed by the loader, then checked by the dataclass
            dataclass_from_dict(cls, {name: value}, SECTIONS[cls])
    except UserError as err:
        message = str(err)
        assert spelled(cls, name) in message and "\n" not in message, message
        return
    # accepted: only 0, and only where the key's declared range (shown by --help) admits it; a 0 that switches
    # something off says so in its help line
    assert trial == "zero", f"{spelled(cls, name)} accepted {trial} {value!r}"
    bounds = bounds_of(cls, name)
    assert bounds.get("at_least", 1) <= 0 or bounds.get("above", 1) < 0, f"{spelled(cls, name)}: 0 is outside {bounds}"
    if "off" in help_line or "none" in help_line:
        assert "0 =" in help_line, help_line


@pytest.mark.slow
def test_help_shows_every_range():
    out = run("-m", "train.pretrain", "--help").stdout
    assert "peak learning rate [> 0]" in out and "AdamW beta1 [>= 0 and < 1]" in out
    assert "max global grad norm (0 = off) [>= 0]" in " ".join(out.split())


@pytest.mark.slow
@pytest.mark.parametrize("value, message", [("-1", "train.lr must be > 0, got -1"),
                                            ("nan", "train.lr must be a finite number, got nan"),
                                            ("inf", "train.lr must be a finite number, got inf")])
def test_the_trainers_refuse_a_bad_learning_rate_before_torch_sees_it(value, message):
    assert_one_line_error(run("-m", "train.pretrain", "--train.lr", value), message)


def test_the_tokenizer_split_is_one_of_the_named_patterns():
    assert dataclass_from_dict(PretrainDataConfig, {"tokenizer_split": "code"}, "data.").tokenizer_split == "code"
    with pytest.raises(UserError, match=r"^data.tokenizer_split must be one of cl100k, code, got 'gpt2'$"):
        dataclass_from_dict(PretrainDataConfig, {"tokenizer_split": "gpt2"}, "data.")
