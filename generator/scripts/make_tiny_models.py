#!/usr/bin/python3
"""Builds tiny random-weight decoder models in the Hugging Face ONNX layout, with references.

Run with Debian's Python (python3-torch, python3-onnx; no transformers, no onnxruntime):

    /usr/bin/python3 generator/scripts/make_tiny_models.py [--out DIR] [--only NAME]
    /usr/bin/python3 generator/scripts/make_tiny_models.py --bench --out generator/target/bench

Each model folder holds what Optimum / onnx-community exports hold: model.onnx,
config.json, generation_config.json, tokenizer.json, tokenizer_config.json (with a chat
template), plus reference.json: PyTorch's greedy token ids for a few prompts and its
last-step logits, so the Java tests can check the ONNX Runtime engine without torch.

The ONNX contract is the one Optimum writes for decoder-only models with past:
  inputs  input_ids (b, s) int64, attention_mask (b, past+s) int64,
          position_ids (b, s) int64 [llama family only],
          past_key_values.{i}.key / .value (b, kv_heads, past, head_dim) float32
  outputs logits (b, s, vocab) float32, present.{i}.key / .value (b, kv_heads, past+s, head_dim)

The GPT-2 model takes no position_ids (as older GPT-2 exports): it derives positions from
attention_mask inside the graph, so left padding still works. Everything is seeded.
"""

import argparse
import json
import math
import os
import re
import shutil

import torch
from torch import nn

SEED = 20261129
SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]

# A small English corpus to learn BPE merges from; the tokenizer only needs to be valid and
# deterministic, not good.
CORPUS = """
The knowledge base contains documents about retrieval, generation and citations.
A question is answered from the sources that the retriever finds, and every sentence cites
its source with a number in brackets. The model reads the prompt, then writes one token at a
time. The key and value cache keeps the attention state of the tokens it has already seen.
Water boils at one hundred degrees at sea level. The capital of France is Paris.
Photosynthesis converts light into chemical energy in plants. The heart pumps blood.
What is the answer? Where is the source? Who wrote the document? When was it written?
Hello, world! The quick brown fox jumps over the lazy dog. Café, naïve, 東京, ☕ and 🙂.
"""

QWEN_STYLE_TEMPLATE = (
    "{%- for message in messages %}"
    "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)


# ---------------------------------------------------------------------------------------------
# Byte-level BPE tokenizer (the GPT-2 scheme), trained on CORPUS.


def bytes_to_unicode():
    """GPT-2's reversible map from the 256 byte values to printable unicode characters."""
    bs = (
        list(range(ord("!"), ord("~") + 1))
        + list(range(ord("¡"), ord("¬") + 1))
        + list(range(ord("®"), ord("ÿ") + 1))
    )
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


PRE_TOKEN = re.compile(
    r"""'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?[^\s\w]+|\s+(?!\S)|\s+""", re.UNICODE
)


def pre_tokenize(text):
    byte_map = bytes_to_unicode()
    return ["".join(byte_map[b] for b in piece.encode("utf-8")) for piece in PRE_TOKEN.findall(text)]


def train_bpe(corpus, num_merges):
    words = {}
    for piece in pre_tokenize(corpus):
        words[tuple(piece)] = words.get(tuple(piece), 0) + 1
    merges = []
    for _ in range(num_merges):
        pairs = {}
        for word, count in words.items():
            for a, b in zip(word, word[1:]):
                pairs[(a, b)] = pairs.get((a, b), 0) + count
        if not pairs:
            break
        best = max(sorted(pairs), key=lambda p: pairs[p])
        if pairs[best] < 2:
            break
        merges.append(best)
        merged = {}
        for word, count in words.items():
            out, i = [], 0
            while i < len(word):
                if i + 1 < len(word) and (word[i], word[i + 1]) == best:
                    out.append(word[i] + word[i + 1])
                    i += 2
                else:
                    out.append(word[i])
                    i += 1
            merged[tuple(out)] = count
        words = merged
    return merges


def build_tokenizer(num_merges):
    merges = train_bpe(CORPUS, num_merges)
    vocab = {}
    for ch in sorted(bytes_to_unicode().values(), key=lambda c: ord(c)):
        vocab[ch] = len(vocab)
    for a, b in merges:
        if a + b not in vocab:
            vocab[a + b] = len(vocab)
    added = []
    for token in SPECIAL_TOKENS:
        vocab[token] = len(vocab)
        added.append(
            {
                "id": vocab[token],
                "content": token,
                "single_word": False,
                "lstrip": False,
                "rstrip": False,
                "normalized": False,
                "special": True,
            }
        )
    byte_level = {"add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": dict(type="ByteLevel", **byte_level),
        "post_processor": dict(type="ByteLevel", **byte_level),
        "decoder": dict(type="ByteLevel", **byte_level),
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": None,
            "end_of_word_suffix": None,
            "fuse_unk": False,
            "byte_fallback": False,
            "ignore_merges": False,
            "vocab": vocab,
            "merges": [a + " " + b for a, b in merges],
        },
    }
    return tokenizer


def encode(tokenizer, text):
    """Python BPE encoder used only for the reference prompts (special tokens split first)."""
    vocab = tokenizer["model"]["vocab"]
    ranks = {tuple(m.split(" ")): i for i, m in enumerate(tokenizer["model"]["merges"])}
    ids = []
    specials = "(" + "|".join(re.escape(t) for t in SPECIAL_TOKENS) + ")"
    for part in re.split(specials, text):
        if not part:
            continue
        if part in SPECIAL_TOKENS:
            ids.append(vocab[part])
            continue
        for piece in pre_tokenize(part):
            word = list(piece)
            while len(word) > 1:
                pairs = [(ranks.get((a, b), 1 << 30), i) for i, (a, b) in enumerate(zip(word, word[1:]))]
                rank, i = min(pairs)
                if rank == 1 << 30:
                    break
                word[i : i + 2] = [word[i] + word[i + 1]]
            ids.extend(vocab[w] for w in word)
    return ids


# ---------------------------------------------------------------------------------------------
# Model building blocks shared by both families.


def attention_bias(attention_mask, query_len):
    """(b, 1, q, k) boolean: may query i attend to key j (causal within the non-padded keys)."""
    key_pos = torch.cumsum(torch.ones_like(attention_mask), dim=1) - 1  # (b, k)
    past = attention_mask.shape[1] - query_len
    query_pos = key_pos[:, past:]  # (b, q)
    causal = key_pos.unsqueeze(1) <= query_pos.unsqueeze(2)  # (b, q, k)
    return (causal & (attention_mask.unsqueeze(1) > 0)).unsqueeze(1)


def attend(q, k, v, allowed):
    # q (b, h, q, d); k, v (b, h, k, d) already repeated for GQA
    scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(q.shape[-1])
    scores = scores.masked_fill(~allowed, torch.finfo(scores.dtype).min)
    return torch.matmul(torch.softmax(scores, dim=-1), v)


class Gpt2Block(nn.Module):
    def __init__(self, hidden, heads):
        super().__init__()
        self.heads = heads
        self.ln_1 = nn.LayerNorm(hidden)
        self.c_attn = nn.Linear(hidden, 3 * hidden)
        self.c_proj = nn.Linear(hidden, hidden)
        self.ln_2 = nn.LayerNorm(hidden)
        self.fc = nn.Linear(hidden, 4 * hidden)
        self.proj = nn.Linear(4 * hidden, hidden)

    def forward(self, x, past_k, past_v, allowed):
        b, s, hsz = x.shape
        d = hsz // self.heads
        q, k, v = self.c_attn(self.ln_1(x)).split(hsz, dim=2)
        q, k, v = (t.reshape(b, s, self.heads, d).transpose(1, 2) for t in (q, k, v))
        k = torch.cat([past_k, k], dim=2)
        v = torch.cat([past_v, v], dim=2)
        a = attend(q, k, v, allowed).transpose(1, 2).reshape(b, s, hsz)
        x = x + self.c_proj(a)
        x = x + self.proj(nn.functional.gelu(self.fc(self.ln_2(x)), approximate="tanh"))
        return x, k, v


class Gpt2(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.wte = nn.Embedding(cfg["vocab_size"], cfg["n_embd"])
        self.wpe = nn.Embedding(cfg["n_positions"], cfg["n_embd"])
        self.h = nn.ModuleList(Gpt2Block(cfg["n_embd"], cfg["n_head"]) for _ in range(cfg["n_layer"]))
        self.ln_f = nn.LayerNorm(cfg["n_embd"])

    def forward(self, input_ids, attention_mask, *past):
        s = input_ids.shape[1]
        # Positions from the mask, so left-padded rows start at 0 like unpadded ones.
        positions = (torch.cumsum(attention_mask, dim=1) - 1).clamp(min=0)
        positions = positions[:, attention_mask.shape[1] - s :]
        x = self.wte(input_ids) + self.wpe(positions)
        allowed = attention_bias(attention_mask, s)
        presents = []
        for i, block in enumerate(self.h):
            x, k, v = block(x, past[2 * i], past[2 * i + 1], allowed)
            presents += [k, v]
        logits = torch.matmul(self.ln_f(x), self.wte.weight.t())  # tied embeddings
        return (logits, *presents)


class RmsNorm(nn.Module):
    def __init__(self, hidden, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden))
        self.eps = eps

    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


def repeat_kv(x, groups):
    # (b, kv_heads, t, d) -> (b, kv_heads * groups, t, d) without baking b or t into the graph
    return x.unsqueeze(2).expand(-1, -1, groups, -1, -1).flatten(1, 2)


class LlamaBlock(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        hidden = cfg["hidden_size"]
        self.heads = cfg["num_attention_heads"]
        self.kv_heads = cfg["num_key_value_heads"]
        self.d = hidden // self.heads
        self.input_layernorm = RmsNorm(hidden, cfg["rms_norm_eps"])
        self.q_proj = nn.Linear(hidden, self.heads * self.d, bias=False)
        self.k_proj = nn.Linear(hidden, self.kv_heads * self.d, bias=False)
        self.v_proj = nn.Linear(hidden, self.kv_heads * self.d, bias=False)
        self.o_proj = nn.Linear(self.heads * self.d, hidden, bias=False)
        self.post_attention_layernorm = RmsNorm(hidden, cfg["rms_norm_eps"])
        self.gate_proj = nn.Linear(hidden, cfg["intermediate_size"], bias=False)
        self.up_proj = nn.Linear(hidden, cfg["intermediate_size"], bias=False)
        self.down_proj = nn.Linear(cfg["intermediate_size"], hidden, bias=False)

    def forward(self, x, cos, sin, past_k, past_v, allowed):
        b, s, _ = x.shape
        h = self.input_layernorm(x)
        q = self.q_proj(h).reshape(b, s, self.heads, self.d).transpose(1, 2)
        k = self.k_proj(h).reshape(b, s, self.kv_heads, self.d).transpose(1, 2)
        v = self.v_proj(h).reshape(b, s, self.kv_heads, self.d).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = torch.cat([past_k, k], dim=2)  # (b, kv_heads, past+s, d): cached before GQA repeat
        v = torch.cat([past_v, v], dim=2)
        groups = self.heads // self.kv_heads
        a = attend(q, repeat_kv(k, groups), repeat_kv(v, groups), allowed)
        x = x + self.o_proj(a.transpose(1, 2).reshape(b, s, self.heads * self.d))
        h = self.post_attention_layernorm(x)
        x = x + self.down_proj(nn.functional.silu(self.gate_proj(h)) * self.up_proj(h))
        return x, k, v


class Llama(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.embed_tokens = nn.Embedding(cfg["vocab_size"], cfg["hidden_size"])
        self.layers = nn.ModuleList(LlamaBlock(cfg) for _ in range(cfg["num_hidden_layers"]))
        self.norm = RmsNorm(cfg["hidden_size"], cfg["rms_norm_eps"])
        self.lm_head = nn.Linear(cfg["hidden_size"], cfg["vocab_size"], bias=False)
        d = cfg["hidden_size"] // cfg["num_attention_heads"]
        inv_freq = 1.0 / (cfg["rope_theta"] ** (torch.arange(0, d, 2, dtype=torch.float32) / d))
        self.register_buffer("inv_freq", inv_freq, persistent=False)

    def forward(self, input_ids, attention_mask, position_ids, *past):
        x = self.embed_tokens(input_ids)
        freqs = position_ids.unsqueeze(-1).float() * self.inv_freq  # (b, s, d/2)
        emb = torch.cat([freqs, freqs], dim=-1).unsqueeze(1)  # (b, 1, s, d)
        cos, sin = emb.cos(), emb.sin()
        allowed = attention_bias(attention_mask, input_ids.shape[1])
        presents = []
        for i, layer in enumerate(self.layers):
            x, k, v = layer(x, cos, sin, past[2 * i], past[2 * i + 1], allowed)
            presents += [k, v]
        return (self.lm_head(self.norm(x)), *presents)


# ---------------------------------------------------------------------------------------------
# Export and references.


def layer_count(cfg):
    return cfg.get("num_hidden_layers", cfg.get("n_layer"))


def kv_shape(cfg):
    if cfg["model_type"] == "gpt2":
        return cfg["n_head"], cfg["n_embd"] // cfg["n_head"]
    return cfg["num_key_value_heads"], cfg["hidden_size"] // cfg["num_attention_heads"]


def has_position_ids(cfg):
    return cfg["model_type"] != "gpt2"


def empty_past(cfg, batch, length=0):
    heads, d = kv_shape(cfg)
    gen = torch.Generator().manual_seed(1)
    return [torch.randn(batch, heads, length, d, generator=gen) for _ in range(2 * layer_count(cfg))]


def position_ids_for(attention_mask, query_len):
    pos = torch.cumsum(attention_mask, dim=1) - 1
    pos = pos.masked_fill(attention_mask == 0, 1)
    return pos[:, attention_mask.shape[1] - query_len :]


def run(model, cfg, ids, mask, past):
    args = [ids, mask]
    if has_position_ids(cfg):
        args.append(position_ids_for(mask, ids.shape[1]))
    out = model(*args, *past)
    return out[0], list(out[1:])


def export(model, cfg, path):
    n = layer_count(cfg)
    past_names = [f"past_key_values.{i}.{kind}" for i in range(n) for kind in ("key", "value")]
    present_names = [f"present.{i}.{kind}" for i in range(n) for kind in ("key", "value")]
    input_names = ["input_ids", "attention_mask"] + (["position_ids"] if has_position_ids(cfg) else [])
    ids = torch.tensor([[5, 6], [7, 8]])
    mask = torch.ones(2, 5, dtype=torch.long)
    args = [ids, mask] + ([position_ids_for(mask, 2)] if has_position_ids(cfg) else [])
    args += empty_past(cfg, 2, 3)
    dynamic = {"input_ids": {0: "batch_size", 1: "sequence_length"},
               "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
               "logits": {0: "batch_size", 1: "sequence_length"}}
    if has_position_ids(cfg):
        dynamic["position_ids"] = {0: "batch_size", 1: "sequence_length"}
    for name in past_names:
        dynamic[name] = {0: "batch_size", 2: "past_sequence_length"}
    for name in present_names:
        dynamic[name] = {0: "batch_size", 2: "total_sequence_length"}
    torch.onnx.export(
        model,
        tuple(args),
        path,
        input_names=input_names + past_names,
        output_names=["logits"] + present_names,
        dynamic_axes=dynamic,
        opset_version=14,
        do_constant_folding=True,
    )


def greedy(model, cfg, prompt_ids, steps, fp16_kv=False):
    """Greedy decoding with the cache, exactly as the Java engine does it.

    With fp16_kv the cache is rounded to float16 between steps, as the fp16-KV graph does."""
    ids = torch.tensor([prompt_ids])
    mask = torch.ones_like(ids)
    past = empty_past(cfg, 1)
    out = []
    first_logits = None
    for _ in range(steps):
        logits, past = run(model, cfg, ids, mask, past)
        if fp16_kv:
            past = [p.half().float() for p in past]
        last = logits[0, -1]
        if first_logits is None:
            first_logits = last
        nxt = int(torch.argmax(last))
        out.append(nxt)
        ids = torch.tensor([[nxt]])
        mask = torch.cat([mask, torch.ones(1, 1, dtype=torch.long)], dim=1)
    return out, first_logits, last


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, indent=1)
        f.write("\n")


def to_fp16_kv_merged(folder):
    """Rewrites model.onnx as Optimum's merged layout with a float16 cache.

    past_key_values.* become float16 inputs cast up to float32, present.* are cast down to float16,
    a boolean use_cache_branch input is added (a merged decoder's switch; here the graph needs no
    branch, since an empty past already means "no cache"), and the weights move to an external
    data file: onnx/decoder_model_merged.onnx + onnx/decoder_model_merged.onnx_data.
    """
    import onnx
    from onnx import TensorProto, helper

    model = onnx.load(os.path.join(folder, "model.onnx"))
    graph = model.graph
    internal = {}  # public name -> float32 name used inside the graph
    for value in list(graph.input) + list(graph.output):
        if value.name.startswith(("past_key_values.", "present.")):
            internal[value.name] = value.name + "_fp32"
            value.type.tensor_type.elem_type = TensorProto.FLOAT16
    for node in graph.node:
        node.input[:] = [internal.get(i, i) for i in node.input]
        node.output[:] = [internal.get(o, o) for o in node.output]
    casts_in = [helper.make_node("Cast", [n], [internal[n]], to=TensorProto.FLOAT)
                for n in internal if n.startswith("past_key_values.")]
    casts_out = [helper.make_node("Cast", [internal[n]], [n], to=TensorProto.FLOAT16)
                 for n in internal if n.startswith("present.")]
    nodes = casts_in + list(graph.node) + casts_out
    del graph.node[:]
    graph.node.extend(nodes)
    graph.input.append(helper.make_tensor_value_info("use_cache_branch", TensorProto.BOOL, [1]))
    onnx.checker.check_model(model)
    # onnx.save_model appends to an existing external data file, so start from an empty folder.
    shutil.rmtree(os.path.join(folder, "onnx"), ignore_errors=True)
    os.makedirs(os.path.join(folder, "onnx"))
    onnx.save_model(model, os.path.join(folder, "onnx", "decoder_model_merged.onnx"),
                    save_as_external_data=True, all_tensors_to_one_file=True,
                    location="decoder_model_merged.onnx_data", size_threshold=0)
    os.remove(os.path.join(folder, "model.onnx"))


def build(name, cfg, factory, out_dir, tokenizer, references, fp16_kv=False):
    torch.manual_seed(SEED)
    model = factory(cfg).eval()
    folder = os.path.join(out_dir, name)
    os.makedirs(folder, exist_ok=True)
    with torch.no_grad():
        export(model, cfg, os.path.join(folder, "model.onnx"))
        if references:
            refs = []
            for prompt in references:
                prompt_ids = encode(tokenizer, prompt)
                tokens, first, last = greedy(model, cfg, prompt_ids, 12, fp16_kv)
                refs.append({"prompt": prompt, "prompt_ids": prompt_ids, "greedy_ids": tokens,
                             "prefill_last_logits": [round(float(x), 7) for x in first],
                             "final_step_logits": [round(float(x), 7) for x in last]})
            write_json(os.path.join(folder, "reference.json"), {"max_new_tokens": 12, "cases": refs})
    eos = tokenizer["model"]["vocab"]["<|im_end|>"]
    endoftext = tokenizer["model"]["vocab"]["<|endoftext|>"]
    write_json(os.path.join(folder, "config.json"), cfg | {"eos_token_id": endoftext, "bos_token_id": endoftext})
    write_json(os.path.join(folder, "generation_config.json"),
               {"bos_token_id": endoftext, "eos_token_id": [eos, endoftext], "do_sample": False})
    write_json(os.path.join(folder, "tokenizer.json"), tokenizer)
    write_json(os.path.join(folder, "tokenizer_config.json"), {
        "bos_token": "<|endoftext|>", "eos_token": "<|im_end|>", "pad_token": "<|endoftext|>",
        "model_max_length": cfg.get("max_position_embeddings", cfg.get("n_positions")),
        "chat_template": QWEN_STYLE_TEMPLATE, "tokenizer_class": "GPT2Tokenizer"})
    if fp16_kv:
        to_fp16_kv_merged(folder)
    print(name, {f: os.path.getsize(os.path.join(folder, f)) for f in sorted(os.listdir(folder))})


def write_extra_input_graph(out_dir, file_name="extra-input.onnx", extra=None):
    """A minimal decoder-shaped graph with one input beyond the contract, by default one the engine
    cannot feed (token_type_ids), for the tests that such graphs are refused at load time with a
    clear message. (Known optional inputs such as num_logits_to_keep are fed: see
    make_qwen_shaped_models.py --tiny.)"""
    import onnx
    from onnx import TensorProto, helper

    def tensor(name, elem, dims):
        return helper.make_tensor_value_info(name, elem, dims)

    kv = ["batch", 1, "past", 4]
    inputs = [tensor("input_ids", TensorProto.INT64, ["batch", "seq"]),
              tensor("attention_mask", TensorProto.INT64, ["batch", "total"]),
              tensor("past_key_values.0.key", TensorProto.FLOAT, kv),
              tensor("past_key_values.0.value", TensorProto.FLOAT, kv),
              extra or tensor("token_type_ids", TensorProto.INT64, ["batch", "seq"])]
    outputs = [tensor("logits", TensorProto.FLOAT, ["batch", "seq", 4]),
               tensor("present.0.key", TensorProto.FLOAT, kv),
               tensor("present.0.value", TensorProto.FLOAT, kv)]
    nodes = [helper.make_node("Cast", ["input_ids"], ["ids_f"], to=TensorProto.FLOAT),
             helper.make_node("Unsqueeze", ["ids_f", "axis"], ["ids3"]),
             helper.make_node("Expand", ["ids3", "vocab_shape"], ["logits"]),
             helper.make_node("Identity", ["past_key_values.0.key"], ["present.0.key"]),
             helper.make_node("Identity", ["past_key_values.0.value"], ["present.0.value"])]
    init = [helper.make_tensor("axis", TensorProto.INT64, [1], [2]),
            helper.make_tensor("vocab_shape", TensorProto.INT64, [3], [1, 1, 4])]
    graph = helper.make_graph(nodes, "extra_input", inputs, outputs, init)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
    onnx.checker.check_model(model)
    os.makedirs(os.path.join(out_dir, "..", "graphs"), exist_ok=True)
    onnx.save(model, os.path.join(out_dir, "..", "graphs", file_name))


def write_bad_logits_to_keep_graph(out_dir):
    """Like write_extra_input_graph, with num_logits_to_keep declared float: refused at load."""
    from onnx import TensorProto, helper

    write_extra_input_graph(out_dir, "float-logits-to-keep.onnx",
                            helper.make_tensor_value_info("num_logits_to_keep", TensorProto.FLOAT, []))


def main():
    parser = argparse.ArgumentParser()
    default_out = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "models")
    parser.add_argument("--out", default=default_out)
    parser.add_argument("--bench", action="store_true", help="build the mid-size benchmark model")
    parser.add_argument("--bench-layers", type=int, default=8)
    parser.add_argument("--bench-hidden", type=int, default=512)
    parser.add_argument("--bench-vocab", type=int, default=32000)
    args = parser.parse_args()
    torch.manual_seed(SEED)
    prompts = ["The capital of France is", "Hello, world! Café ☕",
               "<|im_start|>user\nWhat is the answer?<|im_end|>\n<|im_start|>assistant\n"]
    if args.bench:
        tokenizer = build_tokenizer(300)
        cfg = {"model_type": "llama", "architectures": ["LlamaForCausalLM"],
               "vocab_size": args.bench_vocab, "hidden_size": args.bench_hidden,
               "intermediate_size": args.bench_hidden * 11 // 4, "num_hidden_layers": args.bench_layers,
               "num_attention_heads": args.bench_hidden // 64, "num_key_value_heads": args.bench_hidden // 256,
               "max_position_embeddings": 4096, "rms_norm_eps": 1e-5, "rope_theta": 10000.0,
               "torch_dtype": "float32"}
        # Pad the vocabulary with unused ids so the tokenizer matches vocab_size exactly.
        vocab = tokenizer["model"]["vocab"]
        while len(vocab) < cfg["vocab_size"]:
            vocab[f"<|unused_{len(vocab)}|>"] = len(vocab)
        build("bench-llama", cfg, Llama, args.out, tokenizer, [])
        return
    tokenizer = build_tokenizer(300)
    vocab_size = len(tokenizer["model"]["vocab"])
    gpt2 = {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": vocab_size,
            "n_embd": 64, "n_layer": 2, "n_head": 4, "n_positions": 128, "n_ctx": 128,
            "torch_dtype": "float32"}
    llama = {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "vocab_size": vocab_size,
             "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
             "num_attention_heads": 4, "num_key_value_heads": 2, "max_position_embeddings": 128,
             "rms_norm_eps": 1e-5, "rope_theta": 10000.0, "torch_dtype": "float32"}
    build("tiny-gpt2", gpt2, Gpt2, args.out, tokenizer, prompts)
    build("tiny-llama", llama, Llama, args.out, tokenizer, prompts)
    build("tiny-llama-fp16kv", llama, Llama, args.out, tokenizer, prompts, fp16_kv=True)
    write_extra_input_graph(args.out)
    write_bad_logits_to_keep_graph(args.out)


if __name__ == "__main__":
    main()
