"""Data, in three layers; each imports only the ones above it in this list, plus configs/.

    pretrain/   Python source → tokens: the corpus, the BPE tokenizer, uint16 token shards, the
                resumable window loader, and `prepare`, which runs the first three stages
    instruct/   the instruction format: records and examples, the one template, the one
                problem-hash train/validation split, length-bucketed batches
    curation/   making instruction data: the synthetic generator, MBPP and mined imports,
                self-generated and failure pools, verification in the sandbox, dedup,
                decontamination, mixes, stats and the default mix. It runs generated code, so
                it sits above eval/; nothing in the library below it imports it.

This module imports nothing heavy on purpose.
"""
