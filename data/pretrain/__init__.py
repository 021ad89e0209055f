"""Pretraining data: Python source files → a corpus → a byte-level BPE tokenizer → token shards.

    corpus.py     collect, filter, dedupe and split Python source files into JSONL
    tokenizer.py  train / load a byte-level BPE tokenizer (Hugging Face `tokenizers`)
    shards.py     tokenize the corpus into flat uint16 token files plus meta.json
    loader.py     serve (batch, seq_len + 1) windows from the shards, resumably
    prepare.py    run the first three stages, skipping those already complete

Every stage writes its completion marker (manifest.json, tokenizer.json, meta.json) last, so a
crashed run is rebuilt rather than half-used.
"""
