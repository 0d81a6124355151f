#!/usr/bin/python3
"""Builds Qwen2-family decoder graphs by hand with python3-onnx: float32, or with weight-only
4-bit / 8-bit matrices in ONNX Runtime's MatMulNBits operator (domain com.microsoft), the operator
the 4-bit ONNX exports of these models use.

    # tiny models for the unit tests (committed; a few hundred KB), with PyTorch references:
    /usr/bin/python3 generator/scripts/make_qwen_shaped_models.py --tiny
    # graphs with the exact shape of Qwen2.5-0.5B-Instruct, for the benchmark (never committed:
    # the float32 one is about 2 GB), in the models-folder layout of a pulled model:
    /usr/bin/python3 generator/scripts/make_qwen_shaped_models.py --out generator/target/bench \
        [--only fp32,q4,q8] [--accuracy-level 4] [--no-logits-to-keep]

The weights are random (seeded), so the graphs say nothing about answer quality, only about speed
and memory. Every matrix is drawn once, quantized to 4 bits (block 32, a scale and a zero point per
block), and every graph is built from that one set: the float32 graph holds the dequantized
matrices, so it and the 4-bit graph compute the same function up to rounding, and the engine can be
checked on one against the other. The 8-bit graph re-quantizes the same dequantized matrices.

The ONNX contract is the one Optimum writes for decoder-only models with past (see
make_tiny_models.py), plus an optional scalar input num_logits_to_keep (int64): the graph computes
logits for the last num_logits_to_keep positions only (0: all), as recent Hugging Face exports do.

MatMulNBits (ONNX Runtime contrib operator): Y = A @ dequant(B)^T, where for N outputs and K inputs
  B            uint8 (N, k_blocks, block_size * bits / 8), codes packed low bits first along K
  scales       float (N, k_blocks)
  zero_points  uint8 (N, ceil(k_blocks * bits / 8)), packed like B
  dequant      (code - zero_point) * scale
  attributes   K, N, bits, block_size, accuracy_level (0: compute in float32; 4: A quantized to int8)
"""

import argparse
import json
import math
import os
import shutil
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_tiny_models as tiny  # noqa: E402  (tokenizer, PyTorch Llama, greedy references)

SEED = 20261202
BLOCK = 32
ALIGN = 4096  # external tensors start on a page boundary, so ONNX Runtime may map them

QWEN25_05B = {
    "model_type": "qwen2", "architectures": ["Qwen2ForCausalLM"], "vocab_size": 151936,
    "hidden_size": 896, "intermediate_size": 4864, "num_hidden_layers": 24,
    "num_attention_heads": 14, "num_key_value_heads": 2, "max_position_embeddings": 32768,
    "rms_norm_eps": 1e-6, "rope_theta": 1000000.0, "tie_word_embeddings": True,
    "torch_dtype": "float32",
}


# ---------------------------------------------------------------------------------------------
# Weights: drawn per matrix from a seeded generator, quantized to 4 bits once.


def quantize(w, bits):
    """Asymmetric block quantization along K: returns codes (N, k_blocks, BLOCK), scales, zps."""
    n, k = w.shape
    blocks = -(-k // BLOCK)
    padded = np.zeros((n, blocks * BLOCK), np.float32)
    padded[:, :k] = w
    b = padded.reshape(n, blocks, BLOCK)
    qmax = (1 << bits) - 1
    lo = np.minimum(b.min(axis=2), 0)
    hi = np.maximum(b.max(axis=2), 0)
    scale = ((hi - lo) / qmax).astype(np.float32)
    scale[scale == 0] = 1.0
    zp = np.clip(np.round(-lo / scale), 0, qmax).astype(np.uint8)
    codes = np.clip(np.round(b / scale[..., None]) + zp[..., None], 0, qmax).astype(np.uint8)
    return codes, scale, zp


def dequantize(codes, scale, zp, k):
    w = (codes.astype(np.float32) - zp[..., None].astype(np.float32)) * scale[..., None]
    return w.reshape(codes.shape[0], -1)[:, :k]


def pack(codes, zp, bits):
    """MatMulNBits' B and zero_points from codes (N, k_blocks, BLOCK) and zero points (N, k_blocks)."""
    if bits == 8:
        return codes, zp
    b = (codes[..., 0::2] | (codes[..., 1::2] << 4)).astype(np.uint8)
    if zp.shape[1] % 2:
        zp = np.concatenate([zp, np.zeros((zp.shape[0], 1), np.uint8)], axis=1)
    return b, (zp[:, 0::2] | (zp[:, 1::2] << 4)).astype(np.uint8)


class Weights:
    """The model's parameters: every matrix (N, K) as dequantized 4-bit float32."""

    def __init__(self, std=0.02, chunk_rows=16384):
        self.std = std
        self.chunk_rows = chunk_rows

    def matrix(self, name, n, k):
        """(N, K) float32: seeded normal values, rounded to the 4-bit grid."""
        rng = np.random.default_rng([SEED, sum(map(ord, name)), len(name), n, k])
        out = np.empty((n, k), np.float32)
        for start in range(0, n, self.chunk_rows):
            rows = min(self.chunk_rows, n - start)
            w = rng.standard_normal((rows, k), dtype=np.float32) * self.std
            out[start:start + rows] = dequantize(*quantize(w, 4), k)
        return out

    def vector(self, name, n, mean=0.0, std=0.02):
        rng = np.random.default_rng([SEED, sum(map(ord, name)), len(name), n])
        return (mean + std * rng.standard_normal(n, dtype=np.float32)).astype(np.float32)


# ---------------------------------------------------------------------------------------------
# Graph building with external data written as it goes (the float32 graph is over 2 GB).


class Graph:
    def __init__(self, folder, data_name):
        self.nodes, self.inits, self.count = [], [], 0
        self.data_name = data_name
        self.data = open(os.path.join(folder, data_name), "wb")

    def close(self):
        self.data.close()

    def name(self, hint):
        self.count += 1
        return f"{hint}_{self.count}"

    def init(self, name, array):
        array = np.ascontiguousarray(array)
        if array.nbytes < 1024:
            self.inits.append(helper.make_tensor(
                name, onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[array.dtype], array.shape,
                array.tobytes(), raw=True))
            return name
        offset = self.data.tell()
        if offset % ALIGN and array.nbytes >= 65536:
            self.data.write(b"\0" * (ALIGN - offset % ALIGN))
            offset = self.data.tell()
        self.data.write(array.tobytes())
        t = TensorProto()
        t.name = name
        t.data_type = onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[array.dtype]
        t.dims.extend(array.shape)
        t.data_location = TensorProto.EXTERNAL
        for key, value in (("location", self.data_name), ("offset", str(offset)),
                           ("length", str(array.nbytes))):
            entry = t.external_data.add()
            entry.key, entry.value = key, value
        self.inits.append(t)
        return name

    def const(self, values, dtype=np.int64):
        return self.init(self.name("const"), np.array(values, dtype=dtype))

    def op(self, op_type, inputs, out=None, domain="", **attrs):
        out = out or self.name(op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [out], domain=domain or None, **attrs))
        return out


def linear(g, x, weights, name, n, k, mode, accuracy_level, bias=None, out=None):
    """x (..., K) @ W^T (+ bias): float32 MatMul, or MatMulNBits with 4- or 8-bit codes."""
    w = weights.matrix(name, n, k)
    if mode == "fp32":
        y = g.op("MatMul", [x, g.init(name + ".weight_t", w.T)], out=None if bias is not None else out)
    else:
        bits = 4 if mode == "q4" else 8
        codes, scale, zp = quantize(w, bits)
        b, zp_packed = pack(codes, zp, bits)
        y = g.op("MatMulNBits", [x, g.init(name + ".qweight", b), g.init(name + ".scales", scale),
                                 g.init(name + ".qzeros", zp_packed)],
                 out=None if bias is not None else out, domain="com.microsoft", K=k, N=n,
                 bits=bits, block_size=BLOCK, accuracy_level=accuracy_level)
    return g.op("Add", [y, g.init(name + ".bias", bias)], out=out) if bias is not None else y


def rms_norm(g, x, weight_name, weight, eps):
    # The pattern ONNX Runtime fuses into SimplifiedLayerNormalization.
    var = g.op("ReduceMean", [g.op("Pow", [x, g.const(2.0, np.float32)])], axes=[-1], keepdims=1)
    norm = g.op("Div", [x, g.op("Sqrt", [g.op("Add", [var, g.const(eps, np.float32)])])])
    return g.op("Mul", [norm, g.init(weight_name, weight)])


def rotate(g, x, cos, sin, half):
    x1, x2 = (g.name("half_a"), g.name("half_b"))
    g.nodes.append(helper.make_node("Split", [x, g.const([half, half])], [x1, x2], axis=-1))
    rotated = g.op("Concat", [g.op("Neg", [x2]), x1], axis=-1)
    return g.op("Add", [g.op("Mul", [x, cos]), g.op("Mul", [rotated, sin])])


def attention_bias(g):
    """(b, 1, 1, s, T) float: 0 where query i may attend to key j, float32 min elsewhere."""
    total = g.op("Shape", ["attention_mask"], start=1, end=2)
    seq = g.op("Shape", ["input_ids"], start=1, end=2)
    total_s = g.op("Squeeze", [total, g.const([0])])
    start_s = g.op("Squeeze", [g.op("Sub", [total, seq]), g.const([0])])
    keys = g.op("Range", [g.const(0), total_s, g.const(1)])  # (T,)
    queries = g.op("Range", [start_s, total_s, g.const(1)])  # (s,) positions in the full sequence
    causal = g.op("LessOrEqual", [g.op("Unsqueeze", [keys, g.const([0])]),
                                  g.op("Unsqueeze", [queries, g.const([1])])])  # (s, T)
    real = g.op("Unsqueeze", [g.op("Cast", ["attention_mask"], to=TensorProto.BOOL),
                              g.const([1])])  # (b, 1, T)
    allowed = g.op("And", [causal, real])  # (b, s, T)
    bias = g.op("Where", [allowed, g.const(0.0, np.float32),
                          g.const(np.finfo(np.float32).min, np.float32)])
    return g.op("Unsqueeze", [bias, g.const([1, 2])])


def layer(g, i, x, cos, sin, bias, cfg, weights, mode, accuracy_level):
    hidden, heads, kv = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    d, inter, eps = hidden // heads, cfg["intermediate_size"], cfg["rms_norm_eps"]
    p = f"model.layers.{i}."
    h = rms_norm(g, x, p + "input_layernorm.weight", weights.vector(p + "ln1", hidden, 1.0), eps)
    q = linear(g, h, weights, p + "self_attn.q_proj", heads * d, hidden, mode, accuracy_level,
               weights.vector(p + "q_bias", heads * d))
    k = linear(g, h, weights, p + "self_attn.k_proj", kv * d, hidden, mode, accuracy_level,
               weights.vector(p + "k_bias", kv * d))
    v = linear(g, h, weights, p + "self_attn.v_proj", kv * d, hidden, mode, accuracy_level,
               weights.vector(p + "v_bias", kv * d))
    # (b, s, heads*d) -> (b, heads, s, d)
    q = g.op("Transpose", [g.op("Reshape", [q, g.const([0, 0, heads, d])])], perm=[0, 2, 1, 3])
    k = g.op("Transpose", [g.op("Reshape", [k, g.const([0, 0, kv, d])])], perm=[0, 2, 1, 3])
    v = g.op("Transpose", [g.op("Reshape", [v, g.const([0, 0, kv, d])])], perm=[0, 2, 1, 3])
    q = rotate(g, q, cos, sin, d // 2)
    k = rotate(g, k, cos, sin, d // 2)
    key = g.op("Concat", [f"past_key_values.{i}.key", k], out=f"present.{i}.key", axis=2)
    value = g.op("Concat", [f"past_key_values.{i}.value", v], out=f"present.{i}.value", axis=2)
    # Grouped-query attention by broadcasting: query head h reads key/value head h // groups.
    groups = heads // kv
    q5 = g.op("Reshape", [g.op("Mul", [q, g.const(1.0 / math.sqrt(d), np.float32)]),
                          g.const([0, kv, groups, -1, d])])  # (b, kv, groups, s, d)
    k5 = g.op("Transpose", [g.op("Unsqueeze", [key, g.const([2])])], perm=[0, 1, 2, 4, 3])
    scores = g.op("Add", [g.op("MatMul", [q5, k5]), bias])  # (b, kv, groups, s, T)
    probs = g.op("Softmax", [scores], axis=-1)
    ctx = g.op("MatMul", [probs, g.op("Unsqueeze", [value, g.const([2])])])  # (b, kv, groups, s, d)
    ctx = g.op("Transpose", [g.op("Reshape", [ctx, g.const([0, heads, -1, d])])], perm=[0, 2, 1, 3])
    ctx = g.op("Reshape", [ctx, g.const([0, 0, heads * d])])
    x = g.op("Add", [x, linear(g, ctx, weights, p + "self_attn.o_proj", hidden, heads * d, mode,
                               accuracy_level)])
    h = rms_norm(g, x, p + "post_attention_layernorm.weight",
                 weights.vector(p + "ln2", hidden, 1.0), eps)
    gate = linear(g, h, weights, p + "mlp.gate_proj", inter, hidden, mode, accuracy_level)
    up = linear(g, h, weights, p + "mlp.up_proj", inter, hidden, mode, accuracy_level)
    act = g.op("Mul", [g.op("Mul", [gate, g.op("Sigmoid", [gate])]), up])
    return g.op("Add", [x, linear(g, act, weights, p + "mlp.down_proj", hidden, inter, mode,
                                  accuracy_level)])


def build_graph(folder, cfg, weights, mode, accuracy_level, logits_to_keep):
    """Writes folder/model.onnx + model.onnx_data."""
    hidden, vocab = cfg["hidden_size"], cfg["vocab_size"]
    layers, kv = cfg["num_hidden_layers"], cfg["num_key_value_heads"]
    d = hidden // cfg["num_attention_heads"]
    g = Graph(folder, "model.onnx_data")
    embed = weights.matrix("model.embed_tokens", vocab, hidden)  # tied with lm_head
    if mode == "fp32":
        # One copy of the tied matrix, (hidden, vocab): rows gathered along axis 1 for the
        # embedding, the matrix itself for the head.
        embed_t = g.init("model.embed_tokens.weight_t", embed.T)
        x = g.op("Transpose", [g.op("Gather", [embed_t, "input_ids"], axis=1)], perm=[1, 2, 0])
    else:
        x = g.op("Gather", [g.init("model.embed_tokens.weight", embed), "input_ids"], axis=0)
    del embed
    theta = cfg["rope_theta"]
    inv_freq = (1.0 / theta ** (np.arange(0, d, 2, dtype=np.float32) / d)).astype(np.float32)
    positions = g.op("Cast", ["position_ids"], to=TensorProto.FLOAT)
    freqs = g.op("Mul", [g.op("Unsqueeze", [positions, g.const([2])]),
                         g.init("inv_freq", inv_freq)])  # (b, s, d/2)
    emb = g.op("Concat", [freqs, freqs], axis=-1)
    cos = g.op("Unsqueeze", [g.op("Cos", [emb]), g.const([1])])  # (b, 1, s, d)
    sin = g.op("Unsqueeze", [g.op("Sin", [emb]), g.const([1])])
    bias = attention_bias(g)
    for i in range(layers):
        x = layer(g, i, x, cos, sin, bias, cfg, weights, mode, accuracy_level)
    h = rms_norm(g, x, "model.norm.weight", weights.vector("norm", hidden, 1.0),
                 cfg["rms_norm_eps"])
    if logits_to_keep:
        start = g.op("Unsqueeze", [g.op("Neg", ["num_logits_to_keep"]), g.const([0])])
        h = g.op("Slice", [h, start, g.const([np.iinfo(np.int64).max]), g.const([1])])
    if mode == "fp32":
        logits = g.op("MatMul", [h, "model.embed_tokens.weight_t"], out="logits")
    else:
        linear(g, h, weights, "model.embed_tokens", vocab, hidden, mode, accuracy_level,
               out="logits")
    g.close()

    def tensor(name, elem, dims):
        return helper.make_tensor_value_info(name, elem, dims)

    past = ["batch_size", kv, "past_sequence_length", d]
    present = ["batch_size", kv, "total_sequence_length", d]
    inputs = [tensor("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"]),
              tensor("attention_mask", TensorProto.INT64, ["batch_size", "total_sequence_length"]),
              tensor("position_ids", TensorProto.INT64, ["batch_size", "sequence_length"])]
    outputs = [tensor("logits", TensorProto.FLOAT, ["batch_size", "logits_length", vocab])]
    for i in range(layers):
        for kind in ("key", "value"):
            inputs.append(tensor(f"past_key_values.{i}.{kind}", TensorProto.FLOAT, past))
            outputs.append(tensor(f"present.{i}.{kind}", TensorProto.FLOAT, present))
    if logits_to_keep:
        inputs.append(tensor("num_logits_to_keep", TensorProto.INT64, []))
    graph = helper.make_graph(g.nodes, "qwen2", inputs, outputs, g.inits)
    opsets = [helper.make_opsetid("", 17)]
    if mode != "fp32":
        opsets.append(helper.make_opsetid("com.microsoft", 1))
    model = helper.make_model(graph, opset_imports=opsets, producer_name="make_qwen_shaped_models")
    path = os.path.join(folder, "model.onnx")
    onnx.save_model(model, path)
    onnx.checker.check_model(path)


# ---------------------------------------------------------------------------------------------
# Model folders: graph, config, generation config, tokenizer (and for tiny models references).


def tokenizer_of_size(vocab_size):
    """The tiny BPE tokenizer, padded with unused ids to exactly vocab_size entries."""
    tok = tiny.build_tokenizer(300)
    vocab = tok["model"]["vocab"]
    while len(vocab) < vocab_size:
        vocab[f"<|unused_{len(vocab)}|>"] = len(vocab)
    return tok


def write_folder(folder, cfg, tok):
    vocab = tok["model"]["vocab"]
    eos, endoftext = vocab["<|im_end|>"], vocab["<|endoftext|>"]
    tiny.write_json(os.path.join(folder, "config.json"),
                    cfg | {"eos_token_id": endoftext, "bos_token_id": endoftext})
    tiny.write_json(os.path.join(folder, "generation_config.json"),
                    {"bos_token_id": endoftext, "eos_token_id": [eos, endoftext], "do_sample": False})
    tiny.write_json(os.path.join(folder, "tokenizer.json"), tok)
    tiny.write_json(os.path.join(folder, "tokenizer_config.json"), {
        "bos_token": None, "eos_token": "<|im_end|>", "pad_token": "<|endoftext|>",
        "model_max_length": cfg["max_position_embeddings"],
        "chat_template": tiny.QWEN_STYLE_TEMPLATE, "tokenizer_class": "Qwen2Tokenizer"})


def fresh(folder):
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    return folder


def pytorch_twin(cfg, weights):
    """tiny.Llama with Qwen2's q/k/v biases and tied embeddings, holding the same weights."""
    import torch
    from torch import nn

    model = tiny.Llama(cfg).eval()
    hidden, heads, kv = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    d, inter = hidden // heads, cfg["intermediate_size"]
    t = torch.from_numpy
    with torch.no_grad():
        embed = t(weights.matrix("model.embed_tokens", cfg["vocab_size"], hidden))
        model.embed_tokens.weight.copy_(embed)
        model.lm_head.weight = model.embed_tokens.weight
        model.norm.weight.copy_(t(weights.vector("norm", hidden, 1.0)))
        for i, block in enumerate(model.layers):
            p = f"model.layers.{i}."
            block.input_layernorm.weight.copy_(t(weights.vector(p + "ln1", hidden, 1.0)))
            block.post_attention_layernorm.weight.copy_(t(weights.vector(p + "ln2", hidden, 1.0)))
            for proj, n, k, has_bias in (("q_proj", heads * d, hidden, True),
                                         ("k_proj", kv * d, hidden, True),
                                         ("v_proj", kv * d, hidden, True),
                                         ("o_proj", hidden, heads * d, False)):
                linear_layer = nn.Linear(k, n, bias=has_bias)
                linear_layer.weight.copy_(t(weights.matrix(p + "self_attn." + proj, n, k)))
                if has_bias:
                    linear_layer.bias.copy_(t(weights.vector(p + proj[0] + "_bias", n)))
                setattr(block, proj, linear_layer)
            for proj, n, k in (("gate_proj", inter, hidden), ("up_proj", inter, hidden),
                               ("down_proj", hidden, inter)):
                getattr(block, proj).weight.copy_(t(weights.matrix(p + "mlp." + proj, n, k)))
    return model.eval()


def build_tiny(out_dir):
    """tiny-qwen2 (float32 of the dequantized weights), tiny-qwen2-q4 and tiny-qwen2-q8, with
    PyTorch's greedy ids and logits for the float32 weights in each folder's reference.json."""
    import torch

    tok = tiny.build_tokenizer(300)
    cfg = {"model_type": "qwen2", "architectures": ["Qwen2ForCausalLM"],
           "vocab_size": len(tok["model"]["vocab"]), "hidden_size": 64, "intermediate_size": 160,
           "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
           "max_position_embeddings": 128, "rms_norm_eps": 1e-6, "rope_theta": 1000000.0,
           "tie_word_embeddings": True, "torch_dtype": "float32"}
    # Larger weights than a real model's 0.02, so that logits spread and rounding shows.
    weights = Weights(std=0.2)
    prompts = ["The capital of France is", "Hello, world! Café ☕",
               "<|im_start|>user\nWhat is the answer?<|im_end|>\n<|im_start|>assistant\n"]
    model = pytorch_twin(cfg, weights)
    refs = []
    with torch.no_grad():
        for prompt in prompts:
            ids = tiny.encode(tok, prompt)
            tokens, first, last = tiny.greedy(model, cfg, ids, 12)
            refs.append({"prompt": prompt, "prompt_ids": ids, "greedy_ids": tokens,
                         "prefill_last_logits": [round(float(x), 7) for x in first],
                         "final_step_logits": [round(float(x), 7) for x in last]})
    for name, mode, level in (("tiny-qwen2", "fp32", 0), ("tiny-qwen2-q4", "q4", 0),
                              ("tiny-qwen2-q4-int8", "q4", 4), ("tiny-qwen2-q8", "q8", 0)):
        folder = fresh(os.path.join(out_dir, name))
        build_graph(folder, cfg, weights, mode, level, logits_to_keep=True)
        write_folder(folder, cfg, tok)
        tiny.write_json(os.path.join(folder, "reference.json"), {"max_new_tokens": 12, "cases": refs})
        print(name, {f: os.path.getsize(os.path.join(folder, f)) for f in sorted(os.listdir(folder))})


def build_full(out_dir, only, accuracy_level, logits_to_keep):
    cfg = QWEN25_05B
    tok = tokenizer_of_size(cfg["vocab_size"])
    weights = Weights()
    suffix = "" if logits_to_keep else "-all-logits"
    for mode in only:
        level = 0 if mode == "fp32" else accuracy_level
        name = f"qwen2.5-0.5b-shape-{mode}" + (f"-acc{level}" if mode != "fp32" else "") + suffix
        folder = fresh(os.path.join(out_dir, name))
        build_graph(folder, cfg, weights, mode, level, logits_to_keep)
        write_folder(folder, cfg, tok)
        print(name, {f: os.path.getsize(os.path.join(folder, f)) for f in sorted(os.listdir(folder))},
              flush=True)


def main():
    parser = argparse.ArgumentParser()
    default_tiny = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "models")
    parser.add_argument("--tiny", action="store_true", help="build the tiny test models")
    parser.add_argument("--out", help="output folder (default: the test resources for --tiny)")
    parser.add_argument("--only", default="fp32,q4,q8", help="graphs to build: fp32, q4, q8")
    parser.add_argument("--accuracy-level", type=int, default=4,
                        help="MatMulNBits accuracy_level of the quantized graphs (0 or 4)")
    parser.add_argument("--no-logits-to-keep", action="store_true",
                        help="leave out the num_logits_to_keep input (logits for every position)")
    args = parser.parse_args()
    if args.tiny:
        build_tiny(args.out or default_tiny)
    else:
        if not args.out:
            parser.error("--out is required (the graphs are large; never commit them)")
        build_full(args.out, args.only.split(","), args.accuracy_level, not args.no_logits_to_keep)


if __name__ == "__main__":
    main()
