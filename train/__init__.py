"""Training entry points — `python -m train.pretrain`, `train.instruct`, `train.speedrun`,
`bench.training` — and their parts: the run config, optimizer and schedule, device and speed switches,
data parallelism, throughput/MFU and atomic checkpoints."""
