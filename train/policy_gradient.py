"""Policy gradient with a group-relative baseline (GRPO-style), a KL penalty to the starting model.

- Reward: the strict share of tests passed (train/reward.py). Advantage of a sample = its reward minus the
  mean reward of its group (the k samples of its problem); with `improve.scale_advantages` also divided by
  the group's standard deviation (GRPO's normalization; off by default, as Dr. GRPO argues, since it
  weights problems that are nearly always or never solved up). A group whose samples all earn the same
  reward has zero advantage everywhere and is left out of the update (its only term would be the penalty).
- Loss, on the completion tokens only (the prompt is masked like instruction tuning's):
  `-min(ρ·A, clip(ρ, 1-ε, 1+ε)·A) + kl_coef · KL`, averaged over the batch's completion tokens
  (token-level, so a long completion does not weigh less per token). ρ = π(token) / π_old(token) is the
  ratio to the policy that drew the sample (PPO's clipped surrogate, as GRPO uses it): one round's samples
  make several optimizer steps of `train.batch_size`, and once a token's probability has moved by more
  than ε (`improve.clip`, 0.2) in the direction its advantage asks, it stops pushing (ε = 0: the plain
  `-(A · log π(token))`, the same gradient at ρ = 1). The clip acts on a batch's own tokens; it cannot
  undo what earlier steps on other samples did to them, which at lr 1e-4 can be many nats (RESULTS.md:
  a token 12–14 nats down after 6 steps), so the KL penalty stays. KL is the per-token estimator
  `exp(r) - r - 1`, r = log π_ref - log π (Schulman's k3: non-negative, unbiased), to the frozen model the
  stage started from.
"""
from __future__ import annotations

import statistics
from collections import defaultdict

import torch
import torch.nn.functional as F

from configs.device import autocast, to_device
from data.instruct.batching import collate
from data.instruct.examples import IGNORE_INDEX, TokenizedExample
from model.model import Transformer

EPS = 1e-6


def group_advantages(rewards: list[float], groups: list[str], scale: bool = False) -> list[float]:
    """reward − its group's mean (÷ the group's population std when `scale`; 0 where the std is 0)."""
    members: dict[str, list[float]] = defaultdict(list)
    for reward, group in zip(rewards, groups):
        members[group].append(reward)
    means = {g: statistics.fmean(rs) for g, rs in members.items()}
    stds = {g: statistics.pstdev(rs) for g, rs in members.items()}
    advantages = []
    for reward, group in zip(rewards, groups):
        centred = reward - means[group]
        if scale:
            centred = centred / stds[group] if stds[group] > EPS else 0.0
        advantages.append(centred)
    return advantages


def token_logprobs(model: torch.nn.Module, inputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """log π(target) at every position (0 where the target is masked), in fp32."""
    logits = model(inputs).float()
    logp = F.log_softmax(logits, dim=-1).gather(-1, targets.clamp(min=0).unsqueeze(-1)).squeeze(-1)
    return logp * (targets != IGNORE_INDEX)


@torch.no_grad()
def sampling_logprobs(model: torch.nn.Module, examples: list[TokenizedExample], pad_id: int, device: torch.device,
                      precision: str | None) -> torch.Tensor:
    """log π_old of a batch's tokens: the policy before this round's first step (the one that drew them)."""
    inputs, targets = collate(examples, pad_id)
    with autocast(device, precision):
        return token_logprobs(model, to_device(inputs, device), to_device(targets, device))


def pg_loss(model: torch.nn.Module, reference: Transformer, examples: list[TokenizedExample],
            advantages: list[float], kl_coef: float, pad_id: int, device: torch.device,
            precision: str | None, old_logp: torch.Tensor | None = None,
            clip: float = 0.0) -> tuple[torch.Tensor, dict[str, float]]:
    """The batch's loss (to backpropagate) and its parts for the log; `old_logp` (sampling_logprobs) and
    `clip` > 0 give the clipped surrogate, else the plain advantage-weighted log-likelihood."""
    inputs, targets = collate(examples, pad_id)
    inputs, targets = to_device(inputs, device), to_device(targets, device)
    mask = (targets != IGNORE_INDEX).float()
    with autocast(device, precision):
        logp = token_logprobs(model, inputs, targets)
        with torch.no_grad():
            ref_logp = token_logprobs(reference, inputs, targets)
    adv = torch.tensor(advantages, device=device, dtype=torch.float32).unsqueeze(-1)
    tokens = mask.sum().clamp(min=1.0)
    parts = {}
    if clip > 0 and old_logp is not None:
        ratio = torch.exp((logp - old_logp) * mask)
        surrogate = torch.minimum(ratio * adv, ratio.clamp(1 - clip, 1 + clip) * adv)
        policy = -(surrogate * mask).sum() / tokens
        parts["pg/clipped"] = (((ratio - 1).abs() > clip).float() * mask).sum().item() / tokens.item()
    else:
        policy = -(adv * logp * mask).sum() / tokens
    log_ratio = (ref_logp - logp) * mask
    token_kl = (torch.exp(log_ratio) - log_ratio - 1) * mask
    kl = token_kl.sum() / tokens
    loss = policy + kl_coef * kl
    return loss, parts | {"pg/policy_loss": policy.item(), "pg/kl": kl.item(), "pg/kl_max": token_kl.max().item()}
