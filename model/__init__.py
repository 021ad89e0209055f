"""The model: `ModelConfig`, the Llama-shaped `Transformer`, its KV cache, sampling and checkpoint
loading. `python -m model.configs` lists the named configs; `python -m model.sample` prints a
completion from a checkpoint."""
from model.config import ModelConfig
from model.model import Transformer

__all__ = ["ModelConfig", "Transformer"]
