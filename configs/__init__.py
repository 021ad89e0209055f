"""The bottom layer: what every command needs before it touches data or a model. It imports
nothing from the project, and everything else may import it.

    errors.py     UserError, Diverged, Stopped and run_main: one `error: ...` line and the exit status table
    files.py      atomic file writes, staged directories, JSONL reading, file checksums
    device.py     the device a command runs on and its autocast precision
    fields.py     a config key declared once: default, help line, range; checked where it is typed
    loader.py     TOML → typed dataclasses, errors naming the file and the key
    overrides.py  every config key as a `--section.key` flag
    pretrain/     the named pretraining configs (`tiny`, `29m`, …), one TOML each
"""
from configs.loader import CONFIG_DIR, config_path, dataclass_from_dict, named_configs, read_toml

__all__ = ["CONFIG_DIR", "config_path", "dataclass_from_dict", "named_configs", "read_toml"]
