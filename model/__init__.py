"""The model: `ModelConfig`, the Llama-shaped `Transformer`, its KV cache, batched generation and
checkpoints (its own weights only: adapters are lora/'s). `python -m model.config` lists the named
configs."""
from model.config import ModelConfig
from model.model import Transformer

__all__ = ["ModelConfig", "Transformer"]
