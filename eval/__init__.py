"""Evaluation: the sandbox that runs generated code, the mini-HumanEval / HumanEval / MBPP suites,
pass@k and mode-collapse metrics. Arrives with the evaluation issue (`python -m eval.humaneval`)."""
