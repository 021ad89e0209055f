"""Named run configs as TOML files (`tiny.toml`, `29m.toml`, …), each with `[model]`, `[train]`
and `[data]` sections, and the typed loading that turns them into dataclasses: unknown keys and
wrong types are one-line errors naming the file and the key."""
from configs.loader import CONFIG_DIR, config_path, dataclass_from_dict, named_configs, read_toml

__all__ = ["CONFIG_DIR", "config_path", "dataclass_from_dict", "named_configs", "read_toml"]
