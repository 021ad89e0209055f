"""`python -m bench.determinism` runs fresh processes under its conditions and compares them bit for bit."""
import json

import pytest

from bench.determinism import CONDITIONS, main

pytestmark = pytest.mark.slow  # every test here trains, builds data or runs many programs


def test_fresh_processes_are_compared_bit_for_bit(tmp_path, small_data):
    config = tmp_path / "micro.toml"
    config.write_text("[model]\nvocab_size = 512\nn_layer = 2\nn_head = 2\nd_model = 64\nd_mlp = 128\n"
                      "max_seq_len = 64\n[train]\nbatch_size = 4\nseq_len = 64\nwarmup_steps = 1\n")
    main(["--config", str(config), "--data-dir", str(small_data / "data"), "--steps", "3",
          "--out", str(tmp_path / "det.json")])
    report = json.loads((tmp_path / "det.json").read_text())
    assert report["processes"] == len(CONDITIONS) + 2 and report["steps"] == 3
    assert [len(run["losses"]) for run in report["runs"]] == [3] * report["processes"]
    assert report["all_identical"], report  # on the CPU, fresh runs are bit-identical (README)
    assert len({run["step1_grads"] for run in report["runs"]}) == 1
