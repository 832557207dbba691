"""The LSTM's cold-start trap, measured (docs/training.md): one validation stream read from the zero state and
after the text before it, in float64, from a model exported with `charrnn export --format safetensors`.

    python3 docs/training/cold-start-probe.py MODEL.safetensors VAL.txt [STREAM] [STREAMS]

prints the extra loss of the cold start after n characters, and each layer's cells that differ most at the end.
"""
import json
import sys

import numpy as np

sys.path.insert(0, "tools/reference-sampler")
from reference_sampler import read_safetensors  # noqa: E402

WARMUP, LENGTH = 1000, 1200


def forward(weights, vocab, hidden, layers, text, state=None):
    """Per-character losses and each step's cells; state is [(h, c)] per layer, zero when None."""
    state = state or [(np.zeros(hidden), np.zeros(hidden)) for _ in range(layers)]
    sigmoid = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    losses, cells = [], []
    for char, following in zip(text, text[1:]):
        x = None
        for layer in range(layers):
            h, c = state[layer]
            wxh = weights[f"layer{layer}.Wxh"]
            a = weights[f"layer{layer}.bh"] + weights[f"layer{layer}.Whh"] @ h + (wxh[:, vocab[char]] if layer == 0 else wxh @ x)
            i, f, g, o = sigmoid(a[:hidden]), sigmoid(a[hidden:2 * hidden]), np.tanh(a[2 * hidden:3 * hidden]), sigmoid(a[3 * hidden:])
            c = f * c + i * g
            h = o * np.tanh(c)
            state[layer] = (h, c)
            x = h
        logits = weights["by"] + weights["Why"] @ x
        logits -= logits.max()
        losses.append(np.log(np.exp(logits).sum()) - logits[vocab[following]])
        cells.append([layer_state[1].copy() for layer_state in state])
    return np.array(losses), state, cells


def main(model, validation, stream=27, streams=32):
    tensors, metadata = read_safetensors(model)
    if metadata["cell"] != "lstm":
        sys.exit(f"{model} is a {metadata['cell']} model; the probe reads LSTM cells")
    weights = {name: tensor.astype(np.float64) for name, tensor in tensors.items()}
    vocab = {chr(scalar): index for index, scalar in enumerate(json.loads(metadata["vocab"]))}
    hidden, layers = int(metadata["hidden_size"]), int(metadata["layers"])
    text = open(validation, encoding="utf-8").read()
    start = stream * ((len(text) - 1) // streams)
    segment = text[start:start + LENGTH + 1]
    cold, _, cold_cells = forward(weights, vocab, hidden, layers, segment)
    _, warmed_state, _ = forward(weights, vocab, hidden, layers, text[max(start - WARMUP, 0):start + 1])
    warm, _, warm_cells = forward(weights, vocab, hidden, layers, segment, warmed_state)
    print(f"stream {stream} of {streams} starts {segment[:30]!r}")
    for n in (5, 10, 20, 50, 100, 200, 400, 800, LENGTH):
        print(f"after {n:5} characters the cold start has cost {cold[:n].sum() - warm[:n].sum():8.1f} nats")
    for layer in range(layers):
        difference = np.abs(cold_cells[-1][layer] - warm_cells[-1][layer])
        print(f"layer {layer}: largest |c| warmed {np.abs(warm_cells[-1][layer]).max():.1f}, cold {np.abs(cold_cells[-1][layer]).max():.1f}")
        for unit in np.argsort(-difference)[:8]:
            trace = ", ".join(f"{cold_cells[k][layer][unit]:.2f}" for k in (49, 199, 799, LENGTH - 1))
            print(f"  cell {unit:3}: warmed {warm_cells[-1][layer][unit]:9.2f}; cold after 50, 200, 800, {LENGTH}: {trace}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *(int(arg) for arg in sys.argv[3:5]))
