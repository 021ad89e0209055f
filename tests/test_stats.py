"""Dataset summaries and the stats command line: data/curation/stats.py."""
from __future__ import annotations

from data.curation.stats import main as stats_main
from data.curation.stats import summarize
from data.instruct.records import Record, write_records
from tests.test_cli_errors import assert_one_line_error, run
from tests.test_mix import record


def hand_made() -> list[Record]:
    # instruction chars, lines; output chars, lines: (2, 1; 12, 2), (4, 1; 6, 1), (5, 2; 2, 1)
    return [record("a", 0, "easy", instruction="ab", output="x = 1\ny = 2\n", category="strings"),
            record("a", 1, "easy", instruction="abcd", output="x = 1\n", category="strings"),
            record("b", 0, "hard", instruction="ab\ncd", output="z\n", category="loops", source="mbpp")]


def test_summarize_hand_made_records():
    rows = summarize(hand_made())
    assert rows == [("records", "total", 3), ("problems", "unique", 2), ("problems", "solutions_mean", 1.5),
                    ("problems", "solutions_max", 2), ("difficulty", "easy", 2), ("difficulty", "medium", 0),
                    ("difficulty", "hard", 1), ("category", "strings", 2), ("category", "loops", 1),
                    ("source", "synthetic", 2), ("source", "mbpp", 1),
                    ("length", "instruction_chars_mean", 3.67), ("length", "instruction_lines_mean", 1.33),
                    ("length", "output_chars_mean", 6.67), ("length", "output_lines_mean", 1.33)]
    empty = summarize([])
    assert empty[:4] == [("records", "total", 0), ("problems", "unique", 0), ("problems", "solutions_mean", 0.0),
                         ("problems", "solutions_max", 0)]
    assert ("length", "output_chars_mean", 0.0) in empty


def test_stats_cli(tmp_path, capsys):
    write_records(tmp_path / "hand.jsonl", hand_made())
    rows = stats_main([str(tmp_path / "hand.jsonl")])
    assert rows[:-1] == summarize(hand_made())
    section, key, rate = rows[-1]
    assert (section, key) == ("duplicates", "rate") and 0 <= rate <= 1
    out = capsys.readouterr().out
    assert "solutions_mean" in out and "\ndifficulty\n" in out and "\nduplicates\n" in out
    (tmp_path / "hand.jsonl").write_text((tmp_path / "hand.jsonl").read_text() + '{"id": "x"}\n')
    assert_one_line_error(run("-m", "data.curation.stats", str(tmp_path / "hand.jsonl")), "hand.jsonl:4", "problem_id")
