#!/usr/bin/env python3
"""Writes a copy of a CharRnn model file whose weight matrices went through symmetric int8 and back.

    fake_quantize.py MODEL OUT --scheme row|group64

Every matrix (Wxh, Whh, Why) is quantized to integers in [-127, 127] with float32 scales: one scale per output row
(--scheme row) or one per group of 64 consecutive inputs in each row (--scheme group64); each weight becomes
q * scale in float32, so `charrnn eval` measures what the int8 model would lose. Biases stay float32. The header is
kept; the checksum is recomputed. Needs numpy (Debian's python3-numpy).
"""
import argparse
import base64
import numpy as np


def fnv1a64(data: bytes) -> int:
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def quantize(matrix: np.ndarray, group: int) -> np.ndarray:
    rows, cols = matrix.shape
    out = np.empty_like(matrix)
    for start in range(0, cols, group):
        block = matrix[:, start:start + group]
        scale = (np.abs(block).max(axis=1, keepdims=True) / np.float32(127)).astype(np.float32)
        scale[scale == 0] = np.float32(1)
        q = np.clip(np.rint(block / scale), -127, 127).astype(np.float32)
        out[:, start:start + group] = q * scale
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("out")
    parser.add_argument("--scheme", choices=["row", "group64"], required=True)
    args = parser.parse_args()
    lines = open(args.model, encoding="utf-8").read().split("\n")
    data_at, end_at = lines.index("data"), lines.index("end")
    weights = np.frombuffer(base64.b64decode("".join(lines[data_at + 1:end_at])), dtype="<f4").copy()
    for line in lines[:data_at]:
        if line.startswith("tensor "):
            _, name, shape, offset = line.split(" ")
            dims = [int(d) for d in shape.split("x")]
            if len(dims) == 2:
                start, size = int(offset), dims[0] * dims[1]
                matrix = weights[start:start + size].reshape(dims)
                group = dims[1] if args.scheme == "row" else 64
                weights[start:start + size] = quantize(matrix, group).reshape(-1)
    data = weights.astype("<f4").tobytes()
    text = base64.b64encode(data).decode("ascii")
    body = [text[i:i + 76] for i in range(0, len(text), 76)]
    header = [f"checksum fnv1a64 {fnv1a64(data):016x}" if l.startswith("checksum ") else l for l in lines[:data_at]]
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.write("\n".join(header + ["data"] + body + ["end"]) + "\n")


if __name__ == "__main__":
    main()
