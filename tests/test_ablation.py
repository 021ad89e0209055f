"""The ablation table: every row is the cpu preset plus flags the speedrun accepts, and the report
holds each seed's numbers, their mean and the exact command."""
from __future__ import annotations

import json

import pytest

from configs.errors import UserError
from train import ablation, speedrun


def fake_report(seed: int, mini: float, check: float, loss: float) -> dict:
    suites = {name: {"solved": round(20 * v), "tasks": 20, "pass@1": v, "syntax_valid": 0.95, "collapse": False,
                     "collapse_reasons": []} for name, v in (("mini", mini), ("check", check))}
    suites["humaneval"] = {"solved": 4, "tasks": 164, "pass@1": 4 / 164, "syntax_valid": 0.9, "collapse": False,
                           "collapse_reasons": [],
                           "sampled": {"n": 20, "temperature": 0.8, "pass@1": 0.02 + seed / 1000, "pass@10": 0.1}}
    return {"run": {"seed": seed}, "total_seconds": 3000 + seed,
            "stages": [{"stage": "pretrain", "steps": 1000 + seed}, {"stage": "instruct", "steps": 3000,
                                                                     "best_val_response_loss": loss},
                       {"stage": "evaluate", "suites": suites}]}


def test_every_row_is_a_command_the_speedrun_accepts(tmp_path):
    for row in ablation.ROWS:
        args = speedrun.parse_args(ablation.command(row, tmp_path, seed=2))
        plan = speedrun.plan(args)  # parses and validates every flag of the row
        assert plan.run.seed == 2 and args.out == tmp_path / row.name / "seed-2"


def test_report_shows_every_seed_the_mean_and_the_command(tmp_path):
    recipe = ablation.ROWS[0]
    for seed, mini in ((1, 0.30), (2, 0.20)):
        path = ablation.run_dir(tmp_path, recipe, seed) / "speedrun.json"
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps(fake_report(seed, mini, 0.1, 0.8)))
    text = ablation.report(tmp_path, list(ablation.ROWS[:2]))
    recipe_line = next(line for line in text.splitlines() if line.startswith("| recipe |"))
    assert "**0.25** (0.30 / 0.20)" in recipe_line and "| 2 |" in recipe_line and "1001+3000 / 1002+3000" in recipe_line
    # HumanEval greedy, then sampled pass@1 / pass@10; no MBPP in these reports: a dash
    humaneval = "| **0.024** (0.024 / 0.024) | **0.021** (0.021 / 0.022) / **0.100** (0.100 / 0.100) | — | — |"
    assert humaneval in recipe_line
    assert f"| {ablation.ROWS[1].name} |" in text  # a row not run yet is listed, with no numbers
    assert "--run.seed N" in text and (tmp_path / "ablation.png").stat().st_size > 1000
    assert json.loads((tmp_path / "ablation.json").read_text())[0]["seeds"][1]["mini_pass@1"] == 0.20


def test_unknown_rows_and_empty_reports_are_one_line_errors(tmp_path):
    with pytest.raises(UserError, match="unknown rows"):
        ablation.pick(["nope"])
    with pytest.raises(UserError, match="no finished runs"):
        ablation.report(tmp_path, list(ablation.ROWS))


def test_the_budget_rows_draw_score_against_minutes(tmp_path):
    rows = {row.name: row for row in ablation.ROWS}
    assert [rows[name].budget_minutes for name in ("half-budget", "recipe", "double-budget")] == [21, 42, 84]
    assert all(rows[name].flags[-2:] == ("--run.frame", "") for name in ("half-budget", "double-budget"))

    def write(row, seed, mini):
        path = ablation.run_dir(tmp_path, row, seed) / "speedrun.json"
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps(fake_report(seed, mini, 0.1, 0.8)))

    write(rows["recipe"], 1, 0.3)
    ablation.report(tmp_path, list(ablation.ROWS))
    assert not (tmp_path / "budget-curve.png").exists()  # one point is no curve
    write(rows["half-budget"], 1, 0.1)
    text = ablation.report(tmp_path, list(ablation.ROWS))
    assert (tmp_path / "budget-curve.png").stat().st_size > 1000
    half = next(line for line in text.splitlines() if line.startswith("| half-budget |"))
    # syntax of mini; HumanEval (a share mixing greedy and sampled completions is left out); MBPP 0-shot (not run)
    assert "| 95%; —; — |" in half
    assert ablation.greedy_syntax({"syntax_valid": 0.5, "sampled": {"pass@1": 0.1, "syntax_valid": 0.3}})
    assert json.loads((tmp_path / "ablation.json").read_text())[0]["budget_minutes"] == 42
    # on a slower CPU the frame shrank the recipe's budgets: its point stands at the minutes it had
    report = fake_report(2, 0.2, 0.1, 0.8)
    report["stages"].insert(0, {"stage": "frame", "fitted_s": {"pretrain": 1200.0, "instruct": 600.0}})
    path = ablation.run_dir(tmp_path, rows["recipe"], 2) / "speedrun.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(report))
    ablation.report(tmp_path, list(ablation.ROWS))
    recipe = json.loads((tmp_path / "ablation.json").read_text())[0]
    assert [s["training_minutes"] for s in recipe["seeds"]] == [42, 30]
