"""Bad input at the command line: one line naming the file or field, exit status 2, no traceback."""
import subprocess
import sys

import pytest


def run(*argv: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *argv], capture_output=True, text=True, cwd=cwd, timeout=300)


def assert_one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("error:"), proc.stderr
    for needle in needles:
        assert needle in last, last


@pytest.mark.slow
def test_missing_corpus_directory(tmp_path):
    proc = run("-m", "train.pretrain", "--data.src", str(tmp_path / "nowhere"), "--data.dir", str(tmp_path / "d"),
               "--out", str(tmp_path / "run"))
    assert_one_line_error(proc, str(tmp_path / "nowhere"))


@pytest.mark.slow
def test_empty_corpus_directory(tmp_path):
    (tmp_path / "empty").mkdir()
    proc = run("-m", "train.pretrain", "--data.src", str(tmp_path / "empty"), "--data.dir", str(tmp_path / "d"),
               "--out", str(tmp_path / "run"))
    assert_one_line_error(proc, str(tmp_path / "empty"))
    assert not (tmp_path / "run" / "latest").exists()


@pytest.mark.slow
def test_unknown_config_key_in_a_toml(tmp_path):
    (tmp_path / "c.toml").write_text("[train]\nbatch_size = 4\nlearning_rate = 1.0\n")
    assert_one_line_error(run("-m", "train.pretrain", "--config", str(tmp_path / "c.toml")), "c.toml",
                          "train.learning_rate", "unknown key")


@pytest.mark.slow
def test_wrong_type_in_a_toml(tmp_path):
    (tmp_path / "c.toml").write_text("[model]\nn_layer = 2.5\n")
    assert_one_line_error(run("-m", "train.pretrain", "--config", str(tmp_path / "c.toml")), "c.toml",
                          "model.n_layer", "expected int")


@pytest.mark.slow
def test_resume_of_a_checkpoint_that_is_not_there(tmp_path):
    proc = run("-m", "train.pretrain", "--out", str(tmp_path / "run"), "--resume", str(tmp_path / "run" / "step_9"))
    assert_one_line_error(proc, "nothing to resume", str(tmp_path / "run"))


@pytest.mark.parametrize("what", ["missing", "garbage"])
def test_sample_from_a_bad_checkpoint(tmp_path, what):
    ckpt = tmp_path / "ckpt"
    ckpt.mkdir()
    if what == "garbage":
        (ckpt / "model.safetensors").write_bytes(b"\x10\x00\x00\x00\x00\x00\x00\x00{")
        (ckpt / "config.json").write_text('{"model": {}}')
        (ckpt / "tokenizer.json").write_text("{")
    proc = run("-m", "eval.sample", "--ckpt", str(ckpt), "--prompt", "def ")
    assert_one_line_error(proc, str(ckpt))
