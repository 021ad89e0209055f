"""`python -m train.speedrun` end to end on the CPU with a small budget: every stage runs, and the
report holds each stage's time, tokens and result, the decontamination counts and the final model."""
import json

import pytest

from configs.errors import UserError
from eval import suites
from eval.suites import DEFAULT_DATA_DIR
from lora import load_for_inference
from train.config import SpeedrunStages
from train.speedrun import evaluate_final, main, resolve_sources, suite_scores

MICRO = ('[model]\nvocab_size = 512\nn_layer = 2\nn_head = 2\nd_model = 64\nd_mlp = 128\nmax_seq_len = 128\n'
         '[train]\nbatch_size = 4\nseq_len = 64\neval_batches = 2\nsample_tokens = 8\nwarmup_steps = 2\n')


@pytest.mark.slow
def test_the_cpu_preset_runs_every_stage_and_reports_them(tmp_path, small_data):
    out = tmp_path / "speedrun"
    (tmp_path / "micro.toml").write_text(MICRO)
    flags = ["--preset", "cpu", "--out", str(out), "--src", str(small_data / "src"), "--config",
             str(tmp_path / "micro.toml"), "--pretrain-steps", "6", "--instruct-steps", "4",
             "--run.code_corpus", "30", "--run.instruct_problems", "120", "--run.max_new_tokens", "16",
             "--suite", "mini", "check", "--pretrain.train.time_budget", "28m"]
    report = main(flags)
    stages = {s["stage"]: s for s in report["stages"]}
    assert list(stages) == ["code_corpus", "data", "instruct_data", "frame", "pretrain", "instruct", "evaluate"]
    assert all(s["seconds"] > 0 for s in report["stages"])
    assert stages["code_corpus"]["functions"] > 30 and str(out / "code_corpus") in stages["data"]["sources"]
    assert stages["data"]["train_tokens"] > 100_000
    pre, tuned, ev = stages["pretrain"], stages["instruct"], stages["evaluate"]
    assert pre["steps"] == 6 and pre["tokens"] == 6 * 4 * 64 and pre["final_train_loss"] > 0
    assert stages["instruct_data"]["train_records"] > 0 and stages["instruct_data"]["val_records"] > 0
    assert tuned["steps"] == 4 and not tuned["lora"] and tuned["tokens"] > 0 and tuned["best_val_response_loss"] > 0
    assert ev["suite"] == "mini" and ev["tasks"] == 20 and 0 <= ev["pass@1"] <= 1 and 0 <= ev["syntax_valid"] <= 1
    assert list(ev["suites"]) == ["mini", "check"] and ev["suites"]["check"]["tasks"] == 20
    assert ev["seconds"] >= sum(s["seconds"] for s in ev["suites"].values())  # the whole evaluation, not mini's
    frame = stages["frame"]  # the preset's 60-minute frame holds 28 + 14 minutes of training: nothing shrinks
    assert frame["frame_s"] == 3600 and frame["budgets_s"] == frame["fitted_s"] == {"pretrain": 1680, "instruct": 840}
    assert [c["suite"] for c in frame["suites"]] == ["mini", "check"] and frame["evaluation_estimate_s"] > 0
    assert pre["budget"] == "1680s" and tuned["budget"] == "840s"
    assert report["overrides"]["instruct"]["train"]["seed"] == report["run"]["seed"] == 1337  # run.seed seeds both
    assert set(report["decontamination"]) == {"code_corpus", "instruct_data"}
    assert all("removed_by_rule" in d for d in report["decontamination"].values())
    final = report["final_model"]
    assert final["adapter"] is None and final["ckpt"] == str((out / "instruct" / "best").resolve())
    assert load_for_inference(final["ckpt"]).config["stage"] == "instruct"
    assert json.loads((out / "speedrun.json").read_text()) == report
    assert "| pretrain (" in (out / "speedrun.md").read_text()
    with pytest.raises(UserError, match="already holds a speedrun"):
        main(flags)


def test_the_gpu_preset_trains_a_lora_adapter_whose_final_model_loads(tmp_path, small_data, instruct_data):
    out = tmp_path / "speedrun"
    (tmp_path / "micro.toml").write_text(MICRO)
    report = main(["--preset", "gpu", "--out", str(out), "--src", str(small_data / "src"), "--config",
                   str(tmp_path / "micro.toml"), "--pretrain-steps", "4", "--instruct-steps", "2",
                   "--instruct-data", str(instruct_data), "--run.max_new_tokens", "8", "--suite", "mini"])
    assert [s["stage"] for s in report["stages"]] == ["data", "pretrain", "instruct", "evaluate"]
    final = report["final_model"]
    assert final["ckpt"] == str((out / "pretrain" / "best").resolve())
    assert final["adapter"] == str((out / "instruct" / "best").resolve())
    assert (out / "instruct" / "best" / "adapter.json").is_file()


@pytest.mark.slow
def test_an_improve_stage_starts_from_the_merged_adapter_and_gives_the_final_model(tmp_path, small_data,
                                                                                   instruct_data):
    out = tmp_path / "speedrun"
    (tmp_path / "micro.toml").write_text(MICRO)
    report = main(["--preset", "gpu", "--out", str(out), "--src", str(small_data / "src"), "--config",
                   str(tmp_path / "micro.toml"), "--pretrain-steps", "4", "--instruct-steps", "2",
                   "--instruct-data", str(instruct_data), "--run.max_new_tokens", "8", "--suite", "mini",
                   "--run.improve", "2s", "--improve.improve.pool_synthetic", "6", "--improve.improve.mbpp", "false",
                   "--improve.improve.problems", "2", "--improve.improve.samples", "2",
                   "--improve.improve.max_new_tokens", "8", "--improve.train.eval_suite", ""])
    stages = {s["stage"]: s for s in report["stages"]}
    assert list(stages) == ["data", "pretrain", "instruct", "improve", "evaluate"]
    assert stages["improve"]["rounds"] >= 1 and stages["improve"]["pool"]["kept"] >= 1
    assert load_for_inference(out / "instruct" / "merged").config["stage"] == "instruct"
    assert report["final_model"] == {"ckpt": str((out / "improve" / "latest").resolve()), "adapter": None}
    assert "| improve (expert, " in (out / "speedrun.md").read_text()


def test_bad_preset_values_are_one_line_errors(tmp_path):
    with pytest.raises(UserError, match="config not found: nope"):
        main(["--preset", "nope", "--out", str(tmp_path / "x")])
    with pytest.raises(UserError, match="run.code_corpus must be >= 0, got -1"):
        main(["--preset", "cpu", "--out", str(tmp_path / "x"), "--run.code_corpus", "-1"])
    with pytest.raises(UserError, match="run.instruct_solutions must be >= 1 and <= 3, got 4"):
        main(["--preset", "cpu", "--out", str(tmp_path / "x"), "--run.instruct_solutions", "4"])
    with pytest.raises(UserError, match=r"run.rename_params must be >= 0 and <= 1, got 1.5"):
        main(["--preset", "cpu", "--out", str(tmp_path / "x"), "--run.rename_params", "1.5"])
    with pytest.raises(UserError, match=r"train\.lr: expected float"):
        (tmp_path / "bad.toml").write_text('[run]\npretrain = "tiny"\n[pretrain.train]\nlr = "fast"\n')
        main(["--preset", str(tmp_path / "bad.toml"), "--out", str(tmp_path / "x")])


def test_rename_and_restyle_reach_the_code_corpus_and_the_instruction_mix(tmp_path, tiny_ckpt, monkeypatch):
    asked = {}

    def stop(name):
        def build(*args, **kwargs):
            asked[name] = kwargs["rename"], kwargs["restyle"]
            raise UserError("stopped here")
        return build
    monkeypatch.setattr("train.speedrun.code_corpus.build", stop("code_corpus"))
    monkeypatch.setattr("train.speedrun.default_mix.build", stop("instruct_data"))
    for flags in ([], ["--run.base", str(tiny_ckpt)]):
        with pytest.raises(UserError, match="stopped here"):
            main(["--preset", "cpu", "--out", str(tmp_path / f"s{len(flags)}"), "--run.rename_params", "0.5",
                  "--run.restyle", "0.25", *flags])
    assert asked == {"code_corpus": (0.5, 0.25), "instruct_data": (0.5, 0.25)}


def test_sources_name_the_stdlib_and_site_packages(tmp_path):
    sources = resolve_sources(["stdlib", "site-packages", str(tmp_path)])
    assert sources[0].name.startswith("python3") and any(p.name == "site-packages" for p in sources)
    assert sources[-1] == tmp_path and len(set(sources)) == len(sources)


def test_a_pretrained_base_skips_the_pretraining_stages(tmp_path, tiny_ckpt, instruct_data):
    report = main(["--preset", "cpu", "--out", str(tmp_path / "s"), "--run.base", str(tiny_ckpt),
                   "--instruct-steps", "2", "--instruct-data", str(instruct_data), "--run.max_new_tokens", "8",
                   "--suite", "mini"])
    stages = {s["stage"]: s for s in report["stages"]}
    assert list(stages) == ["frame", "instruct", "evaluate"]
    assert stages["frame"]["fitted_s"] == {"instruct": 840}  # only the trainer that runs is in the frame
    assert not (tmp_path / "s" / "pretrain").exists() and report["run"]["base"] == str(tiny_ckpt)
    assert load_for_inference(report["final_model"]["ckpt"]).config["stage"] == "instruct"


@pytest.mark.slow
@pytest.mark.skipif(not (DEFAULT_DATA_DIR / "HumanEval.jsonl.gz").is_file() or
                    not (DEFAULT_DATA_DIR / "mbpp.jsonl").is_file(), reason="HumanEval or MBPP not present")
def test_the_final_evaluation_scores_the_benchmarks_greedy_and_sampled(tiny_ckpt, tmp_path):
    loaded = load_for_inference(tiny_ckpt)
    run = SpeedrunStages(humaneval_samples=3, max_new_tokens=8)  # every suite, by default
    scores = evaluate_final(loaded.model, loaded.tokenizer, run, tmp_path)
    assert list(scores) == ["mini", "check", "humaneval", "mbpp", "mbpp-instruct"]
    for name, score in scores.items():  # the samples behind each score are kept, as eval.evaluate writes them
        rows = [json.loads(line) for line in (tmp_path / name / "samples.jsonl").read_text().splitlines()]
        assert sum(r["greedy"] for r in rows) == score["tasks"]
        assert sum(r["greedy"] and r["passed"] for r in rows) == score["solved"]
        assert len(rows) == score["tasks"] * (4 if name == "humaneval" else 1)  # greedy + 3 samples
    assert [scores[name]["tasks"] for name in scores] == [20, 20, 164, 500, 500]
    assert all(s["seconds"] > 0 and 0 <= s["pass@1"] <= 1 and "collapse" in s for s in scores.values())
    sampled = scores["humaneval"]["sampled"]
    assert (sampled["n"], sampled["temperature"], set(sampled) - {"n", "temperature"}) == (3, 0.8,
                                                                                            {"pass@1", "syntax_valid"})
    assert 0 <= sampled["syntax_valid"] <= 1  # the sampled completions' own; scores' syntax_valid is greedy's
    assert "sampled" not in scores["mbpp"] and "sampled" not in scores["mini"]  # only HumanEval is sampled
    line = suite_scores({"suites": scores})
    assert "humaneval pass@1 0." in line and ", sampled pass@1 0." in line and "(n=3, T=0.8, syntax valid " in line


def test_benchmarks_without_their_files_are_left_out_with_a_note(tiny_ckpt, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(suites, "DEFAULT_DATA_DIR", tmp_path)  # no HumanEval, no MBPP here
    loaded = load_for_inference(tiny_ckpt)
    scores = evaluate_final(loaded.model, loaded.tokenizer, SpeedrunStages(suites=["mini", "humaneval", "mbpp"],
                                                                           max_new_tokens=4))
    assert list(scores) == ["mini"]
    assert "note: humaneval left out of the evaluation" in capsys.readouterr().out
    with pytest.raises(UserError, match="suite file not found"):  # a suite file the user named must exist
        evaluate_final(loaded.model, loaded.tokenizer, SpeedrunStages(suites=[str(tmp_path / "mine.jsonl")]))
