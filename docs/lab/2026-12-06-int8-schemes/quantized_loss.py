#!/usr/bin/env python3
"""Held-out loss of a CharRnn rnn or gru model with int8 weights and, optionally, int8 activations.

    quantized_loss.py MODEL TEXT [--weights float|row] [--activations float|int8]

One stream from the zero state, float64 arithmetic (the loss to four decimals, not CharRnn's bits). --weights row
turns every matrix into per-row symmetric int8 (as fake_quantize.py); --activations int8 rounds every dense input of a
product (each layer's h, as the next step's recurrent input, the next layer's input and the readout's input) to
q / 127 with q = rint(127 h), as an integer dot product would see it. Needs numpy (Debian's python3-numpy).
"""
import argparse
import base64
import numpy as np


def load(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    header = dict(l.split(" ", 1) for l in lines[:lines.index("data")] if not l.startswith("tensor "))
    data = np.frombuffer(base64.b64decode("".join(lines[lines.index("data") + 1:lines.index("end")])), dtype="<f4")
    tensors = {}
    for l in lines:
        if l.startswith("tensor "):
            _, name, shape, offset = l.split(" ")
            dims = [int(d) for d in shape.split("x")]
            tensors[name] = data[int(offset):int(offset) + int(np.prod(dims))].reshape(dims).astype(np.float64)
    vocab = [chr(int(c, 16)) for c in header["vocab"].split(" ")]
    return header["cell"], int(header["layers"]), tensors, vocab


def per_row_int8(w):
    scale = np.abs(w).max(axis=1, keepdims=True) / 127
    scale[scale == 0] = 1
    return np.clip(np.rint(w / scale), -127, 127) * scale


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model")
    p.add_argument("text")
    p.add_argument("--weights", choices=["float", "row"], default="float")
    p.add_argument("--activations", choices=["float", "int8"], default="float")
    a = p.parse_args()
    cell, layers, t, vocab = load(a.model)
    if a.weights == "row":
        t = {k: per_row_int8(v) if v.ndim == 2 else v for k, v in t.items()}
    act = (lambda h: np.rint(h * 127) / 127) if a.activations == "int8" else (lambda h: h)
    sig = lambda x: 1 / (1 + np.exp(-x))
    ids = [vocab.index(c) for c in open(a.text, encoding="utf-8").read()]
    H = t["layer0.Whh"].shape[1]
    h = [np.zeros(H) for _ in range(layers)]
    total = 0.0
    for step, cid in enumerate(ids):
        if step > 0:  # score the prediction made from the state before this character
            y = t["Why"] @ act(h[-1]) + t["by"]
            m = y.max()
            total += np.log(np.exp(y - m).sum()) + m - y[cid]
        for l in range(layers):
            wxh, whh, bh = t[f"layer{l}.Wxh"], t[f"layer{l}.Whh"], t[f"layer{l}.bh"]
            x = bh + (wxh[:, cid] if l == 0 else wxh @ act(h[l - 1]))
            u = whh @ act(h[l])
            if cell == "rnn":
                h[l] = np.tanh(x + u)
            elif cell == "gru":
                r, z = sig(x[:H] + u[:H]), sig(x[H:2 * H] + u[H:2 * H])
                n = np.tanh(x[2 * H:] + r * (u[2 * H:] + t[f"layer{l}.bhn"]))
                h[l] = (1 - z) * n + z * h[l]
            else:
                raise SystemExit(f"cell {cell}: only rnn and gru here")
    print(f"{total / (len(ids) - 1):.4f} nats/char over {len(ids) - 1} predicted characters")


if __name__ == "__main__":
    main()
