"""Install with `pip install torch==2.13.0 -e ".[test]"`: pinning torch in the same command makes pip
take the CPU wheel on local disk; the range below admits it (and the GPU image's torch 2.11), so a
fresh install never pulls a multi-GB CUDA build."""
from setuptools import find_packages, setup

# the library's packages and their subpackages; tests/ and the bench/ tools run from a checkout
LIBRARY = ["configs", "data", "kernels", "model", "lora", "eval", "train"]
PACKAGES = find_packages(include=[pattern for name in LIBRARY for pattern in (name, f"{name}.*")])

setup(
    name="codetrainer",
    version="0.1.0",
    description="A from-scratch trainer for small Python code language models",
    python_requires=">=3.11",
    packages=PACKAGES,
    package_data={"configs": ["pretrain/*.toml", "instruct/*.toml", "speedrun/*.toml"], "eval": ["*.jsonl"]},
    install_requires=[
        "torch>=2.4",
        "triton>=3.0; platform_system == 'Linux'",
        "tokenizers>=0.20",  # Tokenizer.encode_batch_fast (0.19 lacks it)
        "numpy>=1.26",
        "safetensors>=0.4",
        "tensorboard>=2.14",
        "tqdm>=4.66",
    ],
    # hf: only the interop tests load exports with transformers and peft; nothing in the library imports
    # them. transformers 5.25+ requires Hugging Face's `kernels` distribution, whose top-level name is this
    # project's kernels/ package: with both installed, transformers imports ours and fails.
    # plot: the PNGs of eval.sweep and train.ablation (axes, ticks and legend are not worth hand-rasterizing);
    # without it they are skipped with a note, the JSON and Markdown carry the same numbers.
    extras_require={"hf": ["transformers>=4.45,<5.25", "peft>=0.13"],
                    "plot": ["matplotlib>=3.7"],
                    "test": ["pytest>=8", "ruff==0.17.6", "matplotlib>=3.7", "transformers>=4.45,<5.25",
                             "peft>=0.13"]},
)
