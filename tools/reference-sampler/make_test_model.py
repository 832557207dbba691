#!/usr/bin/python3
"""Writes a small random-weight model file (the `charrnn 1` text format) for the determinism checks.

A trained model is a poor detector of arithmetic that differs in the last bit: its state forgets small errors,
and a sampled character changes only when the uniform draw lands within an ulp of a boundary, so two samplers
that round differently can print the same 10,000 characters. These models are built to be chaotic instead: the
recurrent weights have a gain well above 1, so a one-ulp difference anywhere grows until the text diverges within
a few hundred characters (tools/reference-sampler/README.md shows the check failing on such a change). The
vocabulary mixes ASCII, Latin-1, CJK and a character beyond the Basic Multilingual Plane.

Usage: make_test_model.py --cell rnn|lstm|gru --layers N --hidden N --gain G --seed N --out FILE
The committed models under tests/models/ were made by tests/models/make.sh.
"""

import argparse
import base64

import numpy as np

VOCABULARY = [ord(c) for c in "\n !,.:?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzßéü中文"] + [0x1F600]
GATES = {"rnn": 1, "lstm": 4, "gru": 3}


def fnv1a64(data):
    value = 0xCBF29CE484222325
    for byte in data:
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return value


def tensors(cell, layers, hidden, vocab, gain, rng):
    """(name, shape, values) in the model file's order; Whh has gain/sqrt(H) per entry, the rest is milder."""
    rows = GATES[cell] * hidden
    table = []
    for layer in range(layers):
        inputs = vocab if layer == 0 else hidden
        input_scale = 1.0 if layer == 0 else gain / np.sqrt(hidden)
        table.append((f"layer{layer}.Wxh", (rows, inputs), rng.standard_normal((rows, inputs)) * input_scale))
        table.append((f"layer{layer}.Whh", (rows, hidden), rng.standard_normal((rows, hidden)) * gain / np.sqrt(hidden)))
        table.append((f"layer{layer}.bh", (rows,), rng.standard_normal(rows) * 0.2))
        if cell == "gru":
            table.append((f"layer{layer}.bhn", (hidden,), rng.standard_normal(hidden) * 0.2))
    table.append(("Why", (vocab, hidden), rng.standard_normal((vocab, hidden)) * 2.5 / np.sqrt(hidden)))
    table.append(("by", (vocab,), rng.standard_normal(vocab) * 0.5))
    return [(name, shape, values.astype(np.float32)) for name, shape, values in table]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cell", choices=sorted(GATES), required=True)
    parser.add_argument("--layers", type=int, required=True)
    parser.add_argument("--hidden", type=int, required=True)
    parser.add_argument("--gain", type=float, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    table = tensors(args.cell, args.layers, args.hidden, len(VOCABULARY), args.gain, np.random.default_rng(args.seed))
    data = b"".join(values.astype("<f4").tobytes() for _, _, values in table)
    lines = [
        "charrnn 1",
        f"cell {args.cell}",
        f"layers {args.layers}",
        f"hidden_size {args.hidden}",
        f"vocab_size {len(VOCABULARY)}",
        "vocab " + " ".join(f"{c:04X}" for c in VOCABULARY),
        f"corpus random-weights-gain-{args.gain:g}",
        "chars_seen 0",
        "train_loss NaN",
        "val_loss NaN",
        f"seed {args.seed}",
    ]
    offset = 0
    for name, shape, values in table:
        lines.append(f"tensor {name} {'x'.join(str(d) for d in shape)} {offset}")
        offset += values.size
    lines.append(f"checksum fnv1a64 {fnv1a64(data):016x}")
    lines.append("data")
    text = base64.b64encode(data).decode("ascii")
    lines.extend(text[i:i + 76] for i in range(0, len(text), 76))
    lines.append("end")
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
