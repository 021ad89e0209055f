"""`python -m train.instruct`, full and LoRA, end to end on the CPU."""
import signal
import subprocess
import sys

import pytest
import torch

import train.loop as loop
from configs.errors import Stopped, UserError
from lora import load_for_inference
from model.checkpoint import load_model
from tests.faulty_pretrain import nth_call, send
from train.instruct import main as instruct_main


@pytest.fixture(scope="module")
def base_run(tmp_path_factory, small_data):
    from tests.conftest import micro_flags
    from train.pretrain import main as pretrain_main

    out = tmp_path_factory.mktemp("base") / "run"
    pretrain_main(micro_flags(small_data, max_steps=30, eval_interval=30, batch_size=8, lr=1e-2) + ["--out", str(out)])
    return out


def flags(base_run, data, out, *extra, steps=40):
    return ["--init", str(base_run), "--data", str(data), "--out", str(out), "--max-steps", str(steps),
            "--train.eval_interval", "20", "--batch-size", "8", "--lr", "3e-3", "--train.warmup_steps", "5",
            "--data.val_fraction", "0.15", "--train.eval_suite", "", *extra]


def weights(path):
    return {k: v.clone() for k, v in load_model(path).model.state_dict().items()}


@pytest.mark.slow
def test_lora_instruct_lowers_the_response_loss_and_leaves_the_base_alone(tmp_path, base_run, instruct_data):
    before = weights(base_run)
    result = instruct_main(flags(base_run, instruct_data, tmp_path / "lora", "--lora", "--lora.targets", "all",
                                 "--lr", "1e-2", "--train.eval_suite", "mini", "--train.eval_max_new_tokens", "16"))
    first, last = result.val_losses[20], result.val_losses[40]
    assert sum(list(result.losses.values())[-5:]) / 5 < sum(list(result.losses.values())[:5]) / 5 - 0.5
    assert last < first, result.val_losses
    scalars = result.evals[40]  # the mini-HumanEval, run in the sandbox at each evaluation
    assert {"eval/greedy_pass@1", "eval/syntax_valid", "collapse/flag", "collapse/seq_rep_4"} <= set(scalars)
    assert all(0.0 <= scalars[k] <= 1.0 for k in ("eval/greedy_pass@1", "eval/syntax_valid", "collapse/flag"))
    after = weights(base_run)
    assert all(torch.equal(before[k], after[k]) for k in before)  # the base checkpoint is untouched
    best = (tmp_path / "lora" / "best").resolve()
    assert (best / "adapter.safetensors").is_file() and (best / "adapter.json").is_file()
    assert not (best / "model.safetensors").exists()  # adapter only
    proc = subprocess.run([sys.executable, "-m", "eval.sample", "--ckpt", str(base_run), "--adapter", str(best),
                           "--prompt", "def add_5(x):\n", "--max-new-tokens", "8", "--temperature", "0"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("def add_5(x):\n")


def test_full_instruct_lowers_the_response_loss(tmp_path, base_run, instruct_data):
    result = instruct_main(flags(base_run, instruct_data, tmp_path / "full"))
    assert sum(list(result.losses.values())[-5:]) / 5 < sum(list(result.losses.values())[:5]) / 5 - 0.5
    loaded = load_model(tmp_path / "full" / "best")  # a full checkpoint, loadable like any other
    assert loaded.config["stage"] == "instruct"


def test_lora_resume_continues_bit_identically(tmp_path, base_run, instruct_data, monkeypatch):
    import train.checkpoint as checkpoint

    straight = instruct_main(flags(base_run, instruct_data, tmp_path / "a", "--lora", steps=40))

    def save_then_die(run_dir, step, *args, **kwargs):
        path = checkpoint.save_checkpoint(run_dir, step, *args, **kwargs)
        if step == 20:
            raise KeyboardInterrupt
        return path
    monkeypatch.setattr(loop, "save_checkpoint", save_then_die)
    with pytest.raises(KeyboardInterrupt):
        instruct_main(flags(base_run, instruct_data, tmp_path / "b", "--lora", steps=40))
    monkeypatch.undo()
    resumed = instruct_main(flags(base_run, instruct_data, tmp_path / "b", "--lora", "--resume", steps=40))
    assert sorted(resumed.losses) == list(range(21, 41))
    assert all(resumed.losses[s] == straight.losses[s] for s in resumed.losses)


def test_a_sigterm_checkpoints_the_adapter_and_resume_continues_exactly(tmp_path, base_run, instruct_data,
                                                                         monkeypatch):
    straight = instruct_main(flags(base_run, instruct_data, tmp_path / "a", "--lora", steps=30))
    monkeypatch.setattr(loop, "optimizer_step", nth_call(loop.optimizer_step, 13, send(signal.SIGTERM)))
    with pytest.raises(Stopped, match="SIGTERM: stopped after step 13") as stopped:
        instruct_main(flags(base_run, instruct_data, tmp_path / "b", "--lora", steps=30))
    monkeypatch.undo()
    assert stopped.value.status == 143
    assert ((tmp_path / "b" / "latest").resolve() / "adapter.safetensors").is_file()
    resumed = instruct_main(flags(base_run, instruct_data, tmp_path / "b", "--lora", "--resume", steps=30))
    assert sorted(resumed.losses) == list(range(14, 31))
    assert all(resumed.losses[s] == straight.losses[s] for s in resumed.losses)


@pytest.mark.slow
def test_bad_inputs(tmp_path, base_run, instruct_data):
    with pytest.raises(UserError, match="nothing to resume"):
        instruct_main(flags(base_run, instruct_data, tmp_path / "x", "--resume", str(tmp_path / "x" / "nowhere")))
    instruct_main(flags(base_run, instruct_data, tmp_path / "lora", "--lora", steps=20))
    with pytest.raises(UserError, match="from a LoRA run: resume it with --lora"):
        instruct_main(flags(base_run, instruct_data, tmp_path / "lora", "--resume", steps=40))
    with pytest.raises(UserError, match=r"lora\.r must be >= 1"):
        instruct_main(flags(base_run, instruct_data, tmp_path / "x", "--lora", "--lora.r", "0"))
    with pytest.raises(UserError, match="no module matches|match"):
        instruct_main(flags(base_run, instruct_data, tmp_path / "x", "--lora", "--lora.targets", "nonexistent_proj"))
    assert not (tmp_path / "x" / "latest").exists()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"instruction": "i", "input": "", "output": "x = 1"}\nnot json\n')
    proc = subprocess.run([sys.executable, "-m", "train.instruct", "--init", str(base_run), "--data", str(bad),
                           "--out", str(tmp_path / "y")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith(f"error: {bad}:2: not valid JSON")


def test_the_default_start_is_the_newest_pretraining_run_not_a_lora_run(tmp_path, base_run, instruct_data):
    from train.instruct import newest_pretrain_checkpoint

    runs = tmp_path / "runs"
    runs.mkdir()
    (runs / "base").symlink_to(base_run)
    instruct_main(flags(base_run, instruct_data, runs / "lora", "--lora", steps=20))  # newer, adapter-only
    assert newest_pretrain_checkpoint(runs) == (base_run / "latest").resolve()


@pytest.mark.slow
def test_lora_instruct_runs_data_parallel_under_torchrun(tmp_path, base_run, instruct_data):
    from tests.conftest import torchrun

    out = tmp_path / "ddp"
    done = torchrun(2, "train.instruct", ["--lora", *flags(base_run, instruct_data, out, steps=4), "--batch-size", "4"])
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.count("data: ") == 1 and "× 2" in done.stdout  # rank 0 alone reports
    assert sorted(p.name for p in (out / "checkpoints").iterdir()) == ["step_000004"]
    state = torch.load(out / "latest" / "state.pt", weights_only=False)
    assert (state["data"]["epoch"], state["data"]["cursor"]) == (0, 8)  # 4 steps × 2 ranks: global batches
    merged = load_for_inference(out).model  # the LoRA run's latest adapter, on the base it records
    assert all(torch.isfinite(p).all() for p in merged.parameters())
