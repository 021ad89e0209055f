"""The instruction format: what instruction tuning reads and how it is shaped.

    records.py    the curated record schema (id, problem_id, instruction, output, tests, …)
    examples.py   instruction/input/output lines as training examples, tokenized with loss masks
    template.py   the one template: HumanEval's shape, signature + docstring → body
    split.py      the one train/validation split, by problem hash
    batching.py   length-bucketed batches with dynamic padding and a checkpointable position
"""
