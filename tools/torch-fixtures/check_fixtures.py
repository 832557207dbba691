#!/usr/bin/env python3
"""An independent check of tests/fixtures/pytorch: reads each fixture with its own safetensors parser, checks the
tensor names, dtypes and shapes against the contract in the fixtures' README, recomputes PyTorch's documented
nn.RNN(tanh) / nn.LSTM / nn.GRU equations in numpy (float64) from model.safetensors, and requires libtorch's logits
in expected.safetensors within 1e-5 at every step and the identical greedy continuation.

Usage: /usr/bin/python3 tools/torch-fixtures/check_fixtures.py [FIXTURES_DIR]   (Debian's python3-numpy)
"""
import json
import os
import re
import struct
import sys

import numpy as np

TOLERANCE = 1e-5
DTYPES = {"F32": np.dtype("<f4"), "I64": np.dtype("<i8")}
GATES = {"rnn": 1, "lstm": 4, "gru": 3}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack_from("<Q", data, 0)
    header = json.loads(data[8:8 + length])
    base = 8 + length
    tensors = {}
    for name, info in header.items():
        start, end = info["data_offsets"]
        tensors[name] = (info["dtype"], np.frombuffer(data[base + start:base + end], DTYPES[info["dtype"]]).reshape(info["shape"]))
    return tensors


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def step(cell, layers, w, x, state):
    """One time step of the stacked module; x is the first layer's input vector, state a list per layer."""
    new_state = []
    for k in range(layers):
        wih, whh, bih, bhh = (w[f"rnn.{p}_l{k}"] for p in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))
        h = state[k][0]
        gi, gh = wih @ x + bih, whh @ h + bhh
        if cell == "rnn":
            h = np.tanh(gi + gh)
            new_state.append((h,))
        elif cell == "lstm":
            i, f, g, o = np.split(gi + gh, 4)
            c = sigmoid(f) * state[k][1] + sigmoid(i) * np.tanh(g)
            h = sigmoid(o) * np.tanh(c)
            new_state.append((h, c))
        else:
            (ir, iz, in_), (hr, hz, hn) = np.split(gi, 3), np.split(gh, 3)
            r, z = sigmoid(ir + hr), sigmoid(iz + hz)
            n = np.tanh(in_ + r * hn)
            h = (1 - z) * n + z * h
            new_state.append((h,))
        x = h
    return w["head.weight"] @ x + w["head.bias"], new_state


def check(directory):
    name = os.path.basename(directory)
    cell, layers, embed = re.fullmatch(r"(rnn|lstm|gru)-(\d)l(-embed)?", name).groups()
    layers = int(layers)
    model = read_safetensors(os.path.join(directory, "model.safetensors"))
    expected = read_safetensors(os.path.join(directory, "expected.safetensors"))
    with open(os.path.join(directory, "vocab.json"), encoding="utf-8") as f:
        vocab = json.load(f)
    v = len(vocab)
    assert all(isinstance(c, str) and len(c) == 1 for c in vocab), f"{name}: vocab.json holds more than single characters"
    h = model["head.weight"][1].shape[1]
    g = GATES[cell] * h
    e = model["embedding.weight"][1].shape[1] if embed else v
    shapes = {"head.weight": [v, h], "head.bias": [v]}
    if embed:
        shapes["embedding.weight"] = [v, e]
    for k in range(layers):
        shapes.update({f"rnn.weight_ih_l{k}": [g, e if k == 0 else h], f"rnn.weight_hh_l{k}": [g, h],
                       f"rnn.bias_ih_l{k}": [g], f"rnn.bias_hh_l{k}": [g]})
    actual = {n: list(t.shape) for n, (dtype, t) in model.items() if dtype == "F32"}
    assert actual == shapes, f"{name}: tensors {actual}, contract {shapes}"
    assert {n: (d, list(t.shape)) for n, (d, t) in expected.items()} == {
        "inputs": ("I64", [200]), "logits": ("F32", [200, v]), "greedy": ("I64", [200])}, f"{name}: expected.safetensors"

    w = {n: t.astype(np.float64) for n, (_, t) in model.items()}
    table = w["embedding.weight"] if embed else np.eye(v)
    state = [tuple(np.zeros(h) for _ in range(2 if cell == "lstm" else 1)) for _ in range(layers)]
    worst = 0.0
    logits = None
    for t, i in enumerate(expected["inputs"][1]):
        logits, state = step(cell, layers, w, table[i], state)
        worst = max(worst, np.max(np.abs(logits - expected["logits"][1][t])))
    greedy = []
    for _ in range(200):
        greedy.append(int(np.argmax(logits)))  # numpy's argmax takes the lowest id on ties, as the contract does
        logits, state = step(cell, layers, w, table[greedy[-1]], state)
    same_greedy = greedy == expected["greedy"][1].tolist()
    ok = worst <= TOLERANCE and same_greedy
    print(f"{name:14} V={v:2} H={h:2} max |logit diff| {worst:.2e}  greedy {'identical' if same_greedy else 'DIFFERS'}  {'ok' if ok else 'FAIL'}")
    return ok


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "pytorch")
    names = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    results = [check(os.path.join(root, d)) for d in names]
    print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
