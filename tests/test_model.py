"""The model: shapes, causality, KV-cache decoding equal to full-sequence logits, parameter counts."""
import pytest
import torch

from configs import named_configs
from model import ModelConfig, Transformer
from model.config import load_model_config
from model.generate import SamplingConfig, filter_logits, generate_ids
from model.kv_cache import KVCache

SMALL = ModelConfig(vocab_size=97, n_layer=2, n_head=4, d_model=32, d_mlp=48, max_seq_len=64)


@pytest.fixture
def model() -> Transformer:
    torch.manual_seed(0)
    return Transformer(SMALL).eval()


def test_logits_shape_and_loss_is_scalar(model):
    idx = torch.randint(0, SMALL.vocab_size, (3, 11))
    assert model(idx).shape == (3, 11, SMALL.vocab_size)
    loss = model(idx, torch.randint(0, SMALL.vocab_size, (3, 11)))
    assert loss.shape == () and torch.isfinite(loss)
    # a fresh model is close to uniform on unrelated targets: loss ≈ ln(vocab) (init std 0.02 keeps logits small)
    assert abs(loss.item() - torch.log(torch.tensor(97.0)).item()) < 0.1


def test_changing_a_future_token_never_changes_earlier_logits(model):
    idx = torch.randint(0, SMALL.vocab_size, (2, 20))
    for t in (0, 7, 19):
        changed = idx.clone()
        changed[:, t] = (changed[:, t] + 1) % SMALL.vocab_size
        a, b = model(idx), model(changed)
        assert torch.equal(a[:, :t], b[:, :t]), f"position < {t} saw token {t}"
        assert not torch.allclose(a[:, t:], b[:, t:])  # and the change is visible from t on


def test_head_is_tied_to_embedding_and_untied_adds_a_matrix():
    tied = Transformer(SMALL)
    assert tied.head_weight is tied.embed.weight
    untied = Transformer(ModelConfig(**{**vars(SMALL), "tie_embeddings": False}))
    assert untied.num_params() == tied.num_params() + SMALL.vocab_size * SMALL.d_model


def test_no_biases_and_llama_names(model):
    names = {n for n, _ in model.named_parameters()}
    assert not any(n.endswith("bias") for n in names)
    for expected in ("embed.weight", "layers.0.attn.qkv_proj.weight", "layers.0.attn.out_proj.weight",
                     "layers.1.mlp.gate_proj.weight", "layers.1.mlp.up_proj.weight", "layers.1.mlp.down_proj.weight",
                     "layers.0.attn_norm.weight", "layers.0.mlp_norm.weight", "norm.weight"):
        assert expected in names


def test_kv_cache_decoding_matches_full_sequence_logits(model):
    """Prefill then one token at a time through the cache gives the logits of a full forward pass."""
    idx = torch.randint(0, SMALL.vocab_size, (2, 24))
    full = model(idx)
    cache = KVCache(SMALL.n_layer, SMALL.n_head, SMALL.head_dim, 24, torch.zeros(2, dtype=torch.long), torch.float32)
    steps = [model(idx[:, :10], cache=cache)] + [model(idx[:, t:t + 1], cache=cache) for t in range(10, 24)]
    torch.testing.assert_close(torch.cat(steps, dim=1), full, rtol=0, atol=1e-5)  # fp32: only summation order differs


def test_left_padded_batch_matches_each_prompt_alone(model):
    """Rows of different lengths decoded together: each row's logits equal its unpadded run."""
    prompts = [[5, 6, 7, 8, 9, 10, 11], [12, 13], [14, 15, 16]]
    width = 7
    pad = torch.tensor([width - len(p) for p in prompts])
    idx = torch.tensor([[0] * (width - len(p)) + p for p in prompts])
    cache = KVCache(SMALL.n_layer, SMALL.n_head, SMALL.head_dim, width + 1, pad, torch.float32)
    batched = model(idx, cache=cache)
    nxt = torch.tensor([[1], [2], [3]])
    batched_next = model(nxt, cache=cache)
    for row, p in enumerate(prompts):
        alone = model(torch.tensor([p + [row + 1]]))[0]
        torch.testing.assert_close(batched[row, width - len(p):], alone[:len(p)], rtol=0, atol=1e-5)
        torch.testing.assert_close(batched_next[row, 0], alone[len(p)], rtol=0, atol=1e-5)


def test_greedy_generation_equals_argmax_of_full_forward(model):
    prompts = [[1, 2, 3, 4, 5], [7, 8], [9, 10, 11]]
    outs = generate_ids(model, prompts, SamplingConfig(max_new_tokens=12, temperature=0))
    for p, o in zip(prompts, outs):
        assert len(o) == 12
        logits = model(torch.tensor([p + o]))[0]
        assert logits[len(p) - 1:-1].argmax(-1).tolist() == o
        assert generate_ids(model, [p], SamplingConfig(max_new_tokens=12, temperature=0))[0] == o


def test_a_budget_past_the_context_keeps_the_prompt_and_stops_at_the_context(model):
    """A budget larger than the context once cut the prompt to its last token (every completion then
    answered no question); the prompt stays whole and generation stops when the context is full."""
    prompt = list(range(1, SMALL.max_seq_len - 5))
    (out,) = generate_ids(model, [prompt], SamplingConfig(max_new_tokens=10 * SMALL.max_seq_len, temperature=0))
    assert len(out) == SMALL.max_seq_len - len(prompt)
    logits = model(torch.tensor([prompt + out[:-1]]))[0]
    assert logits[len(prompt) - 1:].argmax(-1).tolist() == out  # conditioned on the whole prompt
    long = [1 + i % 90 for i in range(2 * SMALL.max_seq_len)]  # longer than the context: only its end is kept
    assert len(generate_ids(model, [long], SamplingConfig(max_new_tokens=5, temperature=0))[0]) == 1


def test_a_long_prompt_in_the_batch_leaves_the_short_ones_their_whole_budget(model):
    """The batch's longest prompt once set every row's budget: beside a prompt 4 tokens short of the context, a
    short prompt got 4 tokens (HumanEval at context 256 lost whole completions to it). Each row now stops at its
    own context, and decodes exactly as it does alone."""
    long = [1 + i % 90 for i in range(SMALL.max_seq_len - 4)]
    short = [7, 8, 9]
    cfg = SamplingConfig(max_new_tokens=12, temperature=0)
    out_long, out_short = generate_ids(model, [long, short], cfg)
    assert len(out_long) == 4 and len(out_short) == 12
    assert out_short == generate_ids(model, [short], cfg)[0] and out_long == generate_ids(model, [long], cfg)[0]


def test_generation_stops_at_eos_and_is_done(model):
    prompt = [[1, 2, 3]]
    free = generate_ids(model, prompt, SamplingConfig(max_new_tokens=8, temperature=0))[0]
    eos = free[3]
    assert (generate_ids(model, prompt, SamplingConfig(max_new_tokens=8, temperature=0), eos_id=eos)[0]
            == free[:free.index(eos)])
    stopped = generate_ids(model, prompt, SamplingConfig(max_new_tokens=8, temperature=0),
                           is_done=lambda row, ids: len(ids) == 2)[0]
    assert stopped == free[:2]


def test_sampling_is_reproducible_with_a_seeded_generator(model):
    cfg = SamplingConfig(max_new_tokens=10, temperature=1.0, top_k=20, top_p=0.9)
    runs = [generate_ids(model, [[1, 2], [3]], cfg, generator=torch.Generator().manual_seed(7)) for _ in range(2)]
    assert runs[0] == runs[1]


def test_top_k_and_top_p_filtering():
    logits = torch.log(torch.tensor([[0.5, 0.2, 0.15, 0.1, 0.05]]))
    assert torch.isfinite(filter_logits(logits, top_k=2, top_p=1.0)).tolist() == [[True, True, False, False, False]]
    # mass before token i: 0, .5, .7, .85, .95 → with top_p .8 keep the first three
    assert torch.isfinite(filter_logits(logits, top_k=0, top_p=0.8)).tolist() == [[True, True, True, False, False]]
    assert torch.isfinite(filter_logits(logits, top_k=0, top_p=0.01)).tolist() == [[True, False, False, False, False]]


@pytest.mark.parametrize("name", [n for n in named_configs("pretrain") if n[:-1].isdigit() and n.endswith("m")])
def test_named_config_parameter_count_within_5_percent_of_its_name(name):
    cfg = load_model_config(name)
    with torch.device("meta"):
        built = Transformer(cfg).num_params()
    assert built == cfg.num_params()
    target = float(name.rstrip("m")) * 1e6
    assert abs(built / target - 1) <= 0.05, f"{name}: {built:,} parameters"


def test_tiny_config_is_1_to_3m_parameters():
    n = Transformer(load_model_config("tiny")).num_params()
    assert 1e6 <= n <= 3e6


class CharTokenizer:
    """Maps token i to chr(65 + i % 26): enough to test text-level stop strings."""
    eot_id = None

    def encode(self, text):
        return [ord(c) - 65 for c in text]

    def decode(self, ids):
        return "".join(chr(65 + i % 26) for i in ids)


def test_stop_strings_end_generation_and_are_cut_from_the_text(model):
    from model.generate import generate

    tok = CharTokenizer()
    free = generate(model, tok, ["ABC", "D"], SamplingConfig(max_new_tokens=20, temperature=0))
    stop = free[0][5:7]  # a string the unconstrained completion contains
    cut = generate(model, tok, ["ABC", "D"], SamplingConfig(max_new_tokens=20, temperature=0, stop=(stop,)))
    assert cut[0] == free[0][:free[0].index(stop)]
    assert cut[1] == (free[1][:free[1].index(stop)] if stop in free[1] else free[1])


def test_generation_says_which_completions_the_model_ended_itself(model):
    from model.generate import generate, generate_with_ends

    tok, prompts = CharTokenizer(), ["ABC", "D"]

    def run(fn, max_new_tokens=12, stop=()):  # sampled (varied tokens), the same draws on every call
        cfg = SamplingConfig(max_new_tokens=max_new_tokens, temperature=1.0, stop=stop)
        return fn(model, tok, prompts, cfg, torch.Generator().manual_seed(3))

    free = generate_ids(model, [tok.encode(p) for p in prompts], SamplingConfig(max_new_tokens=12, temperature=1.0),
                        generator=torch.Generator().manual_seed(3))
    at = next(j for j, t in enumerate(free[0]) if j >= 2 and t not in free[0][:j])
    tok.eot_id = free[0][at]  # a token the first row's completion reaches first at position `at`
    ended = run(generate_with_ends)
    assert ended[0] == (tok.decode(free[0][:at]), True)
    other = free[1].index(tok.eot_id) if tok.eot_id in free[1] else None
    assert ended[1] == ((tok.decode(free[1][:other]), True) if other is not None else (tok.decode(free[1]), False))
    assert run(generate) == [text for text, _ in ended]
    # the same text cut by the token budget, or by a stop string, was not ended by the model
    assert run(generate_with_ends, max_new_tokens=at)[0] == (tok.decode(free[0][:at]), False)
    cut = run(generate_with_ends, stop=(tok.decode(free[0][at - 1:at]),))[0]
    assert cut[1] is False and len(cut[0]) < at
