"""Making instruction data, each step a `python -m data.curation.NAME` command over record files:

    synth/          synthetic problems from parameterized templates, several solutions each
    mbpp.py         MBPP train and validation splits as records (never the test split)
    mined.py        docstring → body records mined from the corpus
    selfgen.py      a model's passing completions as records
    failures.py     the problems a model fails, as a pool to train on next
    verify.py       keep records whose output passes its tests in the sandbox
    dedup.py        drop exact, renamed-variable and near duplicates
    decontaminate.py  drop anything that overlaps an evaluation set
    mix.py          a train/validation mix with a chosen difficulty balance and shape
    stats.py        counts, lengths, solutions per problem, duplicate rate
    default_mix.py  the data `train.instruct` uses when given none

It runs generated code (through eval/sandbox.py) and loads models, so it sits above eval/ and lora/.
"""
