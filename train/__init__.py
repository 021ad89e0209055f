"""Training entry points and their parts: `python -m train.pretrain` (and, later, `train.instruct`),
the run config, optimizer and schedule, device/precision choice and atomic checkpoints."""
