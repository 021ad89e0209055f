"""LoRA, written from scratch (no PEFT): `LoRALinear`, injection by module-name patterns,
merge/unmerge, and adapter save/load. Arrives with the LoRA issue; `python -m train.instruct --lora`
drives it."""
