"""`python -m bench.gpu_check`: the dry run runs every stage end to end on the CPU and leaves the files the
device tool can bring back, each readable; a stage that fails, times out or finds no time left is
recorded as such and the stages after it still run; the benchmarks keep their rows when a time box
interrupts them; the GPU run's plan resolves here, so its typos fail in CI."""
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from functools import partial
from pathlib import Path

import pytest
import torch

import bench.kernels
import bench.training
from bench.gpu_check import LOG, ROOT, STAGES, SUMMARY, Stage, main, plan, read_json, run_stages, stage_env
from configs.errors import UserError

PY = sys.executable


@pytest.mark.slow
def test_dry_run_runs_every_stage_and_leaves_readable_outputs(tmp_path):
    out = tmp_path / "out"
    run = subprocess.run([PY, "-m", "bench.gpu_check", "--dry-run", "--out", str(out)], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    summary = json.loads((out / SUMMARY).read_text())
    assert summary["mode"] == "dry-run"
    assert [s["stage"] for s in summary["stages"]] == list(STAGES)
    for s in summary["stages"]:
        assert s["status"] == "ok" and s["exit_code"] == 0, s
        assert 0 < s["seconds"] <= s["time_box"] and "error" not in s["result"], s
        assert all(Path(p).parent == out.resolve() and Path(p).is_file() for p in s["outputs"]), s
        assert re.search(rf"^{s['stage']} +ok +0 ", run.stdout, re.M), run.stdout
    assert 0 < summary["total_seconds"] <= summary["budget_seconds"]

    # what the device tool brings back: at most 8 plain files, plainly named, nothing deeper
    files = sorted(p.name for p in out.iterdir())
    assert len(files) <= 8 and all(re.fullmatch(r"[A-Za-z0-9._-]+", f) for f in files) and \
        all((out / f).is_file() for f in files), files
    assert {Path(p).name for s in summary["stages"] for p in s["outputs"]} | {SUMMARY, LOG} == set(files)

    env, tests, kernels, training, speedrun = (s["result"] for s in summary["stages"])
    assert env["torch"] == torch.__version__ and env["missing"] == [] and env["gpu"] is None
    suite = ET.parse(out / "kernel_tests.xml").getroot().find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == int(suite.get("tests")) == tests["tests"] > 0
    assert suite.get("failures") == suite.get("errors") == "0" and tests["failed"] == []
    assert all(case.get("classname").startswith("tests.test_kernels_") for case in cases)

    rows = json.loads((out / "kernels.json").read_text())["rows"]
    assert len(rows) == kernels["rows"] > 0 and all(r["pass"] is True and r["ours_ms"] > 0 for r in rows)
    bench_train = json.loads((out / "training.json").read_text())
    assert not bench_train["interrupted"] and training["rows"] == len(bench_train["rows"])
    assert {r["variant"] for r in bench_train["rows"]} == {"baseline", "full"}
    assert all(r["tokens_per_s"] > 0 for r in bench_train["rows"])
    report = json.loads((out / "speedrun.json").read_text())
    assert [s["stage"] for s in report["stages"]] == ["data", "instruct_data", "pretrain", "instruct", "evaluate"]
    assert report["final_model"]["adapter"]  # the gpu preset's LoRA adapter, as on the GPU
    assert all(s["seconds"] > 0 for s in report["stages"]) and speedrun["tasks"] == 20
    table = (out / "speedrun.md").read_text()
    assert "| evaluate | " in table and "mini pass@1" in table

    log = (out / LOG).read_text()
    for name in STAGES:
        assert f"===== {name} (time box" in log and f"===== {name}: ok, exit code 0" in log


@pytest.mark.slow
def test_a_failed_or_timed_out_stage_is_recorded_and_the_next_ones_run(tmp_path):
    saved = tmp_path / "saved.json"
    stages = [
        Stage("ignores_interrupt", [PY, "-c", "import signal, time; signal.signal(signal.SIGINT, signal.SIG_IGN); "
                                              "print('stuck', flush=True); time.sleep(60)"], 2, dict),
        Stage("saves_on_interrupt", [PY, "-c", "import sys, time\ntry:\n    time.sleep(60)\nexcept KeyboardInterrupt:"
                                               f"\n    open({str(saved)!r}, 'w').write('{{\"rows\": 1}}')"
                                               "\n    sys.exit(130)"], 2, partial(read_json, saved), [saved]),
        Stage("fails", [PY, "-c", "print('failing on purpose'); raise SystemExit(3)"], 10, dict),
        Stage("exits_0_without_output", [PY, "-c", "pass"], 10, partial(read_json, tmp_path / "never.json")),
        Stage("after", [PY, "-c", "print('still ran')"], 10, dict),
    ]
    summary = run_stages(stages, tmp_path, sum(s.box for s in stages), stage_env(dry=True), {"mode": "test"})
    assert summary == json.loads((tmp_path / SUMMARY).read_text())
    by_name = {s["stage"]: s for s in summary["stages"]}
    assert list(by_name) == [s.name for s in stages]
    assert by_name["fails"]["status"] == "failed" and by_name["fails"]["exit_code"] == 3
    stuck = by_name["ignores_interrupt"]
    assert stuck["status"] == "timeout" and stuck["exit_code"] == -9 and stuck["time_box"] == pytest.approx(2, abs=0.2)
    assert stuck["time_box"] - 0.1 <= stuck["seconds"] <= stuck["time_box"] + 1
    interrupted = by_name["saves_on_interrupt"]
    assert interrupted["status"] == "timeout" and interrupted["exit_code"] == 130
    assert interrupted["result"] == {"rows": 1} and interrupted["outputs"] == [str(saved)]
    missing = by_name["exits_0_without_output"]
    assert missing["status"] == "failed" and missing["exit_code"] == 0 and "never.json" in missing["result"]["error"]
    assert by_name["after"]["status"] == "ok" and by_name["after"]["seconds"] < 10
    assert by_name["after"]["time_box"] > 25  # the seconds the quick stages before it left rolled forward
    log = (tmp_path / LOG).read_text()
    assert "failing on purpose" in log and "stuck" in log and "still ran" in log
    assert "===== ignores_interrupt: timeout, exit code -9" in log


def test_a_stage_left_no_time_is_skipped_and_the_next_keeps_its_box(tmp_path):
    stages = [Stage("squeezed", [PY, "-c", "pass"], 5, dict), Stage("reserved", [PY, "-c", "pass"], 5, dict)]
    summary = run_stages(stages, tmp_path, 5.5, stage_env(dry=True), {"mode": "test"})
    squeezed, reserved = summary["stages"]
    assert squeezed["status"] == "skipped" and squeezed["exit_code"] is None and squeezed["time_box"] < 1
    assert reserved["status"] == "ok" and reserved["time_box"] >= 5


@pytest.mark.slow
def test_the_benchmarks_keep_their_rows_when_interrupted(tmp_path, monkeypatch):
    def interrupt_second_call(real):
        calls = []

        def wrapped(*args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise KeyboardInterrupt  # as the time box's SIGINT would, mid-benchmark
            return real(*args, **kwargs)
        return wrapped

    monkeypatch.setattr(bench.kernels, "measure", interrupt_second_call(bench.kernels.measure))
    with pytest.raises(KeyboardInterrupt):  # run_main turns it into exit status 130
        bench.kernels.main(["--out", str(tmp_path / "kernels.json"), "--ops", "rms_norm"])
    result = json.loads((tmp_path / "kernels.json").read_text())
    assert result["interrupted"] is True and [r["mode"] for r in result["rows"]] == ["forward"]

    micro = tmp_path / "micro.toml"
    micro.write_text("[model]\nvocab_size = 256\nn_layer = 1\nn_head = 2\nd_model = 32\nd_mlp = 64\nmax_seq_len = 16\n")
    monkeypatch.setattr(bench.training, "bench_one", interrupt_second_call(bench.training.bench_one))
    with pytest.raises(KeyboardInterrupt):
        bench.training.main(["--out", str(tmp_path / "train.json"), "--configs", str(micro), "--seq-len", "16",
                             "--steps", "1", "--no-compile"])
    result = json.loads((tmp_path / "train.json").read_text())
    assert result["interrupted"] is True
    assert [(r["variant"], r["speedup"]) for r in result["rows"]] == [("baseline", 1.0)]


def test_the_gpu_plan_resolves_here_and_bad_input_is_one_line(tmp_path, monkeypatch):
    gpu, dry = plan(False, tmp_path, tmp_path), plan(True, tmp_path, tmp_path)
    assert [s.name for s in gpu] == [s.name for s in dry] == list(STAGES)
    assert sum(s.box for s in gpu) <= 8 * 60 - 15  # the whole run, the parent's own seconds included, in 8 min
    for g, d in zip(gpu, dry):
        assert g.command[:3] == d.command[:3] and g.outputs == d.outputs  # the same program, only smaller
    training, speedrun = gpu[3].command, gpu[4].command
    assert training[training.index("--configs") + 1:] == ["105m", "29m"] and "--no-compile" not in training
    assert speedrun[speedrun.index("--preset") + 1] == "gpu" and speedrun[speedrun.index("--config") + 1] == "29m"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(UserError, match="no CUDA device"):
        main(["--out", str(tmp_path)])
    with pytest.raises(UserError, match="--budget must be positive"):
        main(["--dry-run", "--budget", "0", "--out", str(tmp_path)])
