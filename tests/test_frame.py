"""train/frame.py: the trainers' budgets fitted into a whole-run frame."""
import time

import pytest

from configs.errors import UserError
from train.frame import MIN_TRAIN_S, Frame, as_budget

TOLERANCE_S = 5.0  # the frame reads the real clock; the test itself takes far less than this


def frame_started(seconds_ago: float, frame_s: float, evaluation_s: float, reserved_s: float = 0.0) -> Frame:
    return Frame(frame_s, time.perf_counter() - seconds_ago, evaluation_s, reserved_s)


def test_budgets_that_fit_are_left_as_they_are():
    fitted = frame_started(300, 3600, 600).fit({"pretrain": 1680.0, "instruct": 840.0})
    assert fitted == {"pretrain": 1680.0, "instruct": 840.0}


def test_budgets_that_do_not_fit_shrink_by_one_factor():
    # 3600 s frame: 900 s of data stages spent, 1200 s of evaluation and 300 s of a fixed stage to come: 1200 s left
    fitted = frame_started(900, 3600, 1200, reserved_s=300).fit({"pretrain": 1680.0, "instruct": 840.0})
    assert fitted["pretrain"] == pytest.approx(800, abs=TOLERANCE_S)
    assert fitted["instruct"] == pytest.approx(400, abs=TOLERANCE_S)
    assert fitted["pretrain"] / fitted["instruct"] == pytest.approx(2.0)


def test_a_frame_that_leaves_no_time_to_train_is_refused_naming_what_took_it():
    with pytest.raises(UserError, match=r"run.frame 10m leaves 0 s to train: the stages before training took 500 s "
                                        r"and the evaluation is estimated at 200 s"):
        frame_started(500, 600, 200).fit({"pretrain": 1680.0, "instruct": 840.0})
    with pytest.raises(UserError, match="leaves"):  # each trainer needs its minimum, not only their sum
        frame_started(0, 3 * MIN_TRAIN_S, 0).fit({"pretrain": 1000.0, "instruct": 100.0})


def test_a_trainer_counted_in_steps_cannot_be_fitted():
    with pytest.raises(UserError, match=r"pretrain.train.time_budget is empty"):
        frame_started(0, 3600, 0).fit({"pretrain": 0.0, "instruct": 840.0})


def test_the_budget_string_is_whole_seconds():
    assert as_budget(839.6) == "840s"


def test_a_later_trainer_gets_what_is_left_up_to_its_plan_and_never_under_the_floor():
    assert frame_started(0, 3600, 600).rest(840) == 840  # plenty left: the plan
    assert frame_started(2400, 3600, 600).rest(840) == pytest.approx(600, abs=TOLERANCE_S)  # a stage ran long
    assert frame_started(3500, 3600, 600).rest(840) == MIN_TRAIN_S  # nothing left: the floor, not zero
