"""Evaluation: run generated code safely and judge it.

    sandbox.py, sandbox_child.py, confine.py   the layered sandbox every generated program runs in
    suites.py         mini-HumanEval (mini_humaneval.jsonl, ours), HumanEval and MBPP as one list of tasks
    generation.py     batched completions of a suite's prompts, cut at its stop strings
    harness.py        generate → sandbox → scores; samples.py, passk.py, collapse.py, report.py its parts
    during_training.py  the suite evaluation both trainers log at each evaluation
    evaluate.py       `python -m eval.evaluate`: a checkpoint (or a samples file) on any suite
    sweep.py          `python -m eval.sweep`: every checkpoint of a run, the best one, regressions
    sample.py         `python -m eval.sample`: what a model writes for a prompt
    signature_use.py  `python -m eval.signature_use`: do greedy completions name the signature's parameters?
    syntax_errors.py  `python -m eval.syntax_errors`: greedy completions that do not parse, by kind

It loads models through lora.load_for_inference (a checkpoint, or an adapter on its base), and
never imports the trainers or the data curation built on top of it.
"""
