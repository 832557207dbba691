#!/usr/bin/python3
"""An independent reimplementation of `charrnn sample` in numpy, in float32, operation for operation.

Reads the safetensors file that `charrnn export --format safetensors` writes, of a float32 or an int8 model, and
prints exactly the bytes `charrnn sample` prints for the same options: the prime, then up to --length sampled
characters (fewer when a stop ends the sample), as UTF-8; with --count, that many samples, each followed by the
separator. Every step follows docs/determinism.md: xoshiro256** seeded by SplitMix64, the forward pass with each sum
taken in increasing input index and no fused multiply-add (an int8 model's sums are exact integer sums instead),
exp, tanh and sigmoid from + - * / only, and the sampling rules.

numpy's float32 element-wise operations are single IEEE-754 operations (round to nearest even), so vector
operations across output elements reproduce the C# kernels, whose lanes also run across outputs. Sums over an
input index are loops in that index; nothing here may use numpy's float reductions (sum, dot, matmul), which add
pairwise or in blocks. numpy.add.accumulate, which adds strictly in order, gives the softmax's running sum. Integer
sums are exact in any order, so the int8 products may use matmul on int32.

Usage: reference_sampler.py --model FILE.safetensors [--seed N] [--temperature T] [--top-k K] [--greedy]
                            [--length N] [--prime TEXT] [--stop CHARS] [--stop-text TEXT] [--include-stop]
                            [--count N] [--separator SEP] [--allow CHARS | --deny CHARS]
                            [--unknown refuse|skip|replace] [--replacement C]
"""

import json
import re
import struct
import sys
from fractions import Fraction

import numpy as np

F32 = np.float32
MASK64 = (1 << 64) - 1
INT32_MAX = 2**31 - 1


class UsageError(Exception):
    """Bad command line (exit code 2)."""


class InputError(Exception):
    """Bad model file or prompt (exit code 1)."""


def parse_float32(name, text):
    """float.TryParse(text, NumberStyles.Float, InvariantCulture): one correct rounding to float32."""
    match = re.fullmatch(r"\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*", text)
    if not match or not (match.group(2) or match.group(3)):
        raise UsageError(f"{name} is '{text}'; it must be a number")
    sign, whole, fraction, exponent = match.group(1), match.group(2), match.group(3) or "", int(match.group(4) or 0)
    exact = Fraction(int(whole + fraction or "0")) * Fraction(10) ** (exponent - len(fraction))
    if exact > Fraction(2) ** 129:
        return F32(np.inf)
    guess = np.float32(float(exact))
    candidates = [np.nextafter(guess, F32(-np.inf)), guess, np.nextafter(guess, F32(np.inf))]
    candidates = [c for c in candidates if np.isfinite(c)]
    best = min(candidates, key=lambda c: (abs(Fraction(float(c)) - exact), int(c.view(np.uint32)) & 1))
    return -best if sign == "-" else best


# ---------------------------------------------------------------- the random stream (docs/determinism.md, part 1)

class Random:
    """xoshiro256** seeded by four successive SplitMix64 outputs."""

    def __init__(self, seed):
        x = seed
        state = []
        for _ in range(4):
            x = (x + 0x9E3779B97F4A7C15) & MASK64
            z = x
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
            state.append(z ^ (z >> 31))
        self.s = state

    @staticmethod
    def _rotl(value, count):
        return ((value << count) | (value >> (64 - count))) & MASK64

    def next_uint64(self):
        s0, s1, s2, s3 = self.s
        result = (self._rotl((s1 * 5) & MASK64, 7) * 9) & MASK64
        t = (s1 << 17) & MASK64
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = self._rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def uniform(self):
        """(next >> 40) * 2^-24 in float32: exact, in [0, 1)."""
        return F32(self.next_uint64() >> 40) * F32(1.0 / 16777216.0)


# ---------------------------------------------------------------- exp, tanh, sigmoid (src/Runtime/Kernels/DeterministicMath.cs)

# C#'s float literals are decimal text rounded once to float32; F32(-87.33) would round twice (via a double).
EXP_MIN = parse_float32("ExpMin", "-87.33")
EXP_MAX = parse_float32("ExpMax", "88.37")
LOG2E = parse_float32("Log2E", "1.44269504")
LN2_HIGH = parse_float32("Ln2High", "0.693359375")
LN2_LOW = parse_float32("Ln2Low", "-2.12194440e-4")
ROUND_MAGIC = F32(12582912.0)
ONE = F32(1.0)
C2 = F32(0.5)
C3 = ONE / F32(6.0)
C4 = ONE / F32(24.0)
C5 = ONE / F32(120.0)
C6 = ONE / F32(720.0)
TANH_LIMIT = F32(9.0)
INT8_MAX = F32(127.0)


def f32_array(values):
    array = np.asarray(values)
    if array.dtype != np.float32:
        raise AssertionError("float32 expected, got " + str(array.dtype))
    return array


def exp(x):
    x = f32_array(x)
    x = np.where(x < EXP_MIN, EXP_MIN, x)
    x = np.where(x > EXP_MAX, EXP_MAX, x)
    n = (x * LOG2E + ROUND_MAGIC) - ROUND_MAGIC
    r = (x - n * LN2_HIGH) - n * LN2_LOW
    p = ONE + r * (ONE + r * (C2 + r * (C3 + r * (C4 + r * (C5 + r * C6)))))
    scale = ((n.astype(np.int32) + np.int32(127)) << np.int32(23)).astype(np.int32).view(np.float32)
    return f32_array(p * scale)


def sigmoid(x):
    """1 / (1 + exp(-x)); -x flips the sign bit (-(+0) is -0), as in C#."""
    x = f32_array(x)
    return f32_array(ONE / (ONE + exp(np.negative(x))))


def tanh(x):
    x = f32_array(x)
    a = np.abs(x)
    a = np.where(a > TANH_LIMIT, TANH_LIMIT, a)
    e = exp(a + a)
    return f32_array(np.copysign((e - ONE) / (e + ONE), x))


# ---------------------------------------------------------------- the forward pass (src/Runtime/Inference, docs/determinism.md part 2)

def accumulate(start, *terms):
    """start[i] + Wt[0, i]*x[0] + Wt[1, i]*x[1] + ... for each term (Wt, x) in turn, added strictly left to right.

    Wt is a weight matrix transposed to [in, out], as the C# kernels hold it. All products are rounded first
    (float32 multiplies, no fused multiply-add), then added to the running vector one input index at a time."""
    acc = f32_array(start).copy()
    for weights_t, x in terms:
        for row in f32_array(weights_t) * f32_array(x)[:, None]:
            np.add(acc, row, out=acc)
    return acc


class FloatMatrix:
    """A float32 matrix [out, in], held transposed to [in, out] as the C# kernels hold it (values unchanged)."""

    def __init__(self, weights):
        self.wt = np.ascontiguousarray(weights.T)

    def add_column(self, start, column):
        """start + W[:, column]: the one-hot input."""
        return start + self.wt[column]

    def add_product(self, start, v):
        """start + W·v, summed in input order."""
        return accumulate(start, (self.wt, v))


def quantize_input(v):
    """clamp(rint(v * 127), -127, 127) as int32: one float32 multiply, then rounding to nearest, ties to even."""
    return np.clip(np.rint(f32_array(v) * INT8_MAX), -127, 127).astype(np.int32)


class Int8Matrix:
    """An int8 matrix [out, in] with one float32 scale per row (docs/determinism.md, "Int8 models")."""

    def __init__(self, values, scales):
        self.values = values.astype(np.int32)
        self.scales = f32_array(scales)

    def add_column(self, start, column):
        """start + (float32(q[:, column]) * s): the one-hot input."""
        return start + (self.values[:, column].astype(np.float32) * self.scales)

    def add_product(self, start, v):
        """start + ((float32(q·vq) * s) / 127) with vq = quantize_input(v); the integer sum is exact."""
        acc = self.values @ quantize_input(v)  # exact: |acc| <= 127 * 127 * len(v), far inside int32
        # int32 -> float32 rounds to nearest even (even via a double, which holds an int32 exactly).
        return start + ((acc.astype(np.float32) * self.scales) / INT8_MAX)


class Model:
    def __init__(self, path):
        tensors, metadata = read_safetensors(path)
        # Exports made before int8 models existed have no "weights" entry; they are float32.
        self.weights = metadata.get("weights", "float32")
        if self.weights not in ("float32", "int8"):
            raise InputError(f"{path}: __metadata__ says weights '{self.weights}'; this sampler knows float32 and int8")
        try:
            self.cell = metadata["cell"]
            self.layers = int(metadata["layers"])
            self.hidden = int(metadata["hidden_size"])
            self.vocab = [int(v) for v in json.loads(metadata["vocab"])]
        except (KeyError, ValueError, TypeError) as e:
            raise InputError(f"{path}: __metadata__ lacks or garbles cell, layers, hidden_size or vocab ({e})")
        if self.cell not in STEPS:
            raise InputError(f"{path}: cell '{self.cell}' is not one this sampler knows ({', '.join(STEPS)})")
        if not 1 <= self.layers or not 1 <= self.hidden or not self.vocab:
            raise InputError(f"{path}: layers, hidden_size and the vocabulary must all be at least 1")
        if any(b <= a for a, b in zip(self.vocab, self.vocab[1:])) or not all(
                0 <= v <= 0x10FFFF and not 0xD800 <= v <= 0xDFFF for v in self.vocab):
            raise InputError(f"{path}: the vocabulary must be strictly ascending Unicode scalar values")
        expected = expected_tensors(self.cell, self.layers, self.hidden, len(self.vocab), self.weights == "int8")
        found = {name: ("I8" if t.dtype == np.int8 else "F32", t.shape) for name, t in tensors.items()}
        if found != expected:
            raise InputError(f"{path}: the tensors {sorted(found.items())} are not the ones a {self.weights} "
                             f"{self.cell} model of this size holds: {sorted(expected.items())}")
        if not all(np.isfinite(t).all() for t in tensors.values()):
            raise InputError(f"{path}: a tensor holds a value that is not finite")
        if any(t.dtype == np.int8 and (t == -128).any() for t in tensors.values()):
            raise InputError(f"{path}: an int8 tensor holds -128; int8 weights lie in [-127, 127]")
        if not all((t > 0).all() for name, t in tensors.items() if name.endswith(".scale")):
            raise InputError(f"{path}: a row scale is zero or negative; every scale must be positive")
        self.t = tensors
        self.matrices = {name: Int8Matrix(t, tensors[name + ".scale"]) if t.dtype == np.int8 else FloatMatrix(t)
                         for name, t in tensors.items() if t.ndim == 2}
        self.step_layer = STEPS[self.cell]
        self.index = {scalar: i for i, scalar in enumerate(self.vocab)}

    def zero_state(self):
        size = self.hidden * (2 if self.cell == "lstm" else 1)  # the LSTM carries (h, c)
        return [np.zeros(size, dtype=np.float32) for _ in range(self.layers)]

    def step(self, state, char_id):
        below = None
        for layer in range(self.layers):
            state[layer] = self.step_layer(self, layer, state[layer], char_id, below)
            below = state[layer][:self.hidden]

    def output(self, state):
        return self.matrices["Why"].add_product(self.t["by"], state[-1][:self.hidden])

    def preactivation(self, layer, char_id, below, h, bias):
        """bias + Wxh·input (+ Whh·h when h is given): layer 0 adds the one-hot column first, then the sums."""
        wxh, whh = self.matrices[f"layer{layer}.Wxh"], self.matrices[f"layer{layer}.Whh"]
        x = wxh.add_column(bias, char_id) if layer == 0 else wxh.add_product(bias, below)
        return x if h is None else whh.add_product(x, h)


# Each layer's step takes its state (h, and for the LSTM h then c, in one vector) and returns the new one.

def step_rnn(model, layer, h, char_id, below):
    """a = x + Whh·h; h = tanh(a)."""
    return tanh(model.preactivation(layer, char_id, below, h, model.t[f"layer{layer}.bh"]))


def step_lstm(model, layer, state, char_id, below):
    """a = x + Whh·h over all 4H rows [i, f, g, o]; c = (f*c) + (i*g); h = o * tanh(c)."""
    size = model.hidden
    h, c = state[:size], state[size:]
    a = model.preactivation(layer, char_id, below, h, model.t[f"layer{layer}.bh"])
    i = sigmoid(a[:size])
    f = sigmoid(a[size:2 * size])
    g = tanh(a[2 * size:3 * size])
    o = sigmoid(a[3 * size:])
    c = (f * c) + (i * g)
    return np.concatenate([o * tanh(c), c])


def step_gru(model, layer, h, char_id, below):
    """x = bh + Wxh·input; u = +0 + Whh·h (rows [r, z, n]); r = sigmoid(x_r + u_r); z = sigmoid(x_z + u_z);
    n = tanh(x_n + (r * (u_n + bhn))); h = ((1 - z) * n) + (z * h)."""
    size = model.hidden
    x = model.preactivation(layer, char_id, below, None, model.t[f"layer{layer}.bh"])
    u = model.matrices[f"layer{layer}.Whh"].add_product(np.zeros(3 * size, dtype=np.float32), h)
    r = sigmoid(x[:size] + u[:size])
    z = sigmoid(x[size:2 * size] + u[size:2 * size])
    n = tanh(x[2 * size:] + (r * (u[2 * size:] + model.t[f"layer{layer}.bhn"])))
    return ((ONE - z) * n) + (z * h)


STEPS = {"rnn": step_rnn, "lstm": step_lstm, "gru": step_gru}


def expected_tensors(cell, layers, hidden, vocab, int8):
    """{name: (dtype, shape)}; an int8 model's matrices are I8, each with NAME.scale, one F32 per row."""
    gates = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    tensors = {}

    def matrix(name, rows, columns):
        tensors[name] = ("I8" if int8 else "F32", (rows, columns))
        if int8:
            tensors[name + ".scale"] = ("F32", (rows,))

    for layer in range(layers):
        matrix(f"layer{layer}.Wxh", gates * hidden, vocab if layer == 0 else hidden)
        matrix(f"layer{layer}.Whh", gates * hidden, hidden)
        tensors[f"layer{layer}.bh"] = ("F32", (gates * hidden,))
        if cell == "gru":
            tensors[f"layer{layer}.bhn"] = ("F32", (hidden,))
    matrix("Why", vocab, hidden)
    tensors["by"] = ("F32", (vocab,))
    return tensors


# ---------------------------------------------------------------- the safetensors file

# The dtypes charrnn export writes, as numpy types; tensors are stored little-endian.
DTYPES = {"F32": np.dtype("<f4"), "I8": np.dtype("i1")}


def read_safetensors(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise InputError(f"cannot read '{path}': {e.strerror}")
    if len(data) < 8:
        raise InputError(f"{path}: too short to be a safetensors file ({len(data)} bytes)")
    (header_length,) = struct.unpack("<Q", data[:8])
    if header_length > len(data) - 8:
        raise InputError(f"{path}: the header length {header_length} runs past the end of the file")
    try:
        header = json.loads(data[8:8 + header_length].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise InputError(f"{path}: the header is not UTF-8 JSON ({e})")
    if not isinstance(header, dict):
        raise InputError(f"{path}: the header is not a JSON object")
    metadata = header.pop("__metadata__", None)
    if not isinstance(metadata, dict):
        raise InputError(f"{path}: no __metadata__ (export the model with 'charrnn export --format safetensors')")
    body = data[8 + header_length:]
    tensors, end = {}, 0
    for name, info in sorted(header.items(), key=lambda item: item[1].get("data_offsets", [0])[0]
                             if isinstance(item[1], dict) else 0):
        try:
            dtype, shape, (begin, stop) = info["dtype"], tuple(info["shape"]), info["data_offsets"]
        except (TypeError, KeyError, ValueError):
            raise InputError(f"{path}: tensor '{name}' lacks dtype, shape or data_offsets")
        if dtype not in DTYPES:
            raise InputError(f"{path}: tensor '{name}' is {dtype}; only {' and '.join(DTYPES)} are supported")
        count = int(np.prod(shape, dtype=np.int64))
        size = DTYPES[dtype].itemsize * count
        if begin != end or stop - begin != size:
            raise InputError(f"{path}: tensor '{name}' has data_offsets [{begin}, {stop}]; expected [{end}, {end + size}]")
        # astype copies into native order and alignment (an F32 tensor after int8 bytes may start at any offset).
        tensors[name] = np.frombuffer(body, dtype=DTYPES[dtype], count=count, offset=begin).astype(
            DTYPES[dtype].newbyteorder("=")).reshape(shape)
        end = stop
    if end != len(body):
        raise InputError(f"{path}: the tensors cover {end} bytes of data but the file holds {len(body)}")
    return tensors, metadata


# ---------------------------------------------------------------- choosing the next character (src/Runtime/Sampling/Sampler.cs)

def choose(logits, temperature, top_k, greedy, random, drawable=None):
    """The next id. drawable (a bool per id, or None for every id) is the mask: the others' logits become -inf
    before greedy, top-k and the weights, and their weight is 0 (exp clamps its input, so exp(-inf) is not 0)."""
    y = f32_array(logits)
    if drawable is None:
        drawable = np.ones(len(y), dtype=bool)
    else:
        y = np.where(drawable, y, F32(-np.inf))
    if greedy:
        ids = np.nonzero(drawable)[0]
        return int(ids[np.argmax(y[ids])])  # the first largest drawable logit
    count = len(y)
    if 0 < top_k < count:
        threshold = np.sort(y)[count - top_k]
        equals_to_keep = top_k - int(np.count_nonzero(y > threshold))
        equal = y == threshold
        kept = (y > threshold) | (equal & (np.cumsum(equal) <= equals_to_keep))  # ties to the lower ids
    else:
        kept = np.ones(count, dtype=bool)
    top = np.max(y[kept])
    weights = np.where(kept & drawable, exp((y - top) / temperature), F32(0.0))
    running = f32_array(np.add.accumulate(weights))  # 0 + w0 + w1 + ..., in id order
    u = random.uniform() * running[-1]
    chosen = np.nonzero((weights > 0) & (u < running))[0]
    if len(chosen):
        return int(chosen[0])
    positive = np.nonzero(weights > 0)[0]  # u reached the sum through rounding
    return int(positive[-1]) if len(positive) else int(np.nonzero(drawable)[0][0])


def derived_seed(seed, index):
    """The seed of sample `index`: the seed itself for sample 0, else seed ^ (index * golden) through SplitMix64's
    finalizer, so each sample's seed depends on its index alone, not on how many samples are asked for."""
    if index == 0:
        return seed
    z = seed ^ ((index * 0xD1B54A32D192ED03) & MASK64)
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def generate(draw, max_length, stop_chars, stop_text, include_stop):
    """Calls draw() (which returns the next scalar and feeds it) until a stop; returns (scalars, reason).

    After each draw: a stop character ends it, else the drawn text ending with the stop text, else max_length
    draws. Only drawn characters count, never the prompt; the stop character or text is dropped unless
    include_stop."""
    text = []
    stop_text = [ord(c) for c in stop_text or ""]
    while len(text) < max_length:
        text.append(draw())
        if text[-1] in stop_chars:
            return (text if include_stop else text[:-1]), "stop character"
        if stop_text and text[-len(stop_text):] == stop_text:
            return (text if include_stop else text[:-len(stop_text)]), "stop text"
    return text, "length"


# ---------------------------------------------------------------- the command line (charrnn sample's grammar)

def parse_int(name, text, maximum, kind):
    match = re.fullmatch(r"\s*([+-]?)(\d+)\s*", text)
    value = None if not match else (-1 if match.group(1) == "-" else 1) * int(match.group(2))
    if value is None or not -2**63 <= value <= maximum or (maximum == MASK64 and value < 0):
        raise UsageError(f"{name} is '{text}'; it must be {kind}")
    return value


ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'"}
HEX_DIGITS = {"x": 2, "u": 4, "U": 8}
ESCAPE_LIST = r"\n \t \r \0 \\ \" \' \xHH \uHHHH \UHHHHHHHH"


def unescape(name, text):
    r"""The text with its C-style escapes replaced. Each of \xHH, \uHHHH and \UHHHHHHHH names one Unicode scalar
    value (so not a surrogate: "\uD83D\uDE00" is an error); any other character after a backslash is an error."""
    scalars, i = [], 0
    while i < len(text):
        if text[i] != "\\":
            if 0xD800 <= ord(text[i]) <= 0xDFFF:
                raise UsageError(f"{name}: the character at index {i} is not valid UTF-8 text")
            scalars.append(ord(text[i]))
            i += 1
            continue
        kind = text[i + 1:i + 2]
        if kind in ESCAPES:
            scalars.append(ord(ESCAPES[kind]))
            i += 2
        elif kind in HEX_DIGITS:
            digits = text[i + 2:i + 2 + HEX_DIGITS[kind]]
            if not re.fullmatch(f"[0-9A-Fa-f]{{{HEX_DIGITS[kind]}}}", digits):
                raise UsageError(f"{name}: \\{kind} at index {i} needs {HEX_DIGITS[kind]} hex digits")
            value = int(digits, 16)
            if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
                raise UsageError(f"{name}: \\{kind}{digits} at index {i} is not a Unicode scalar value")
            scalars.append(value)
            i += 2 + len(digits)
        else:
            what = f"\\{kind}" if kind else "a backslash at the end"
            raise UsageError(f"{name}: {what} at index {i} is not an escape; the escapes are {ESCAPE_LIST}")
    return "".join(map(chr, scalars))


FLAGS = ("--greedy", "--include-stop")  # alone, or followed by true or false
OPTIONS = ("--model", "--seed", "--temperature", "--top-k", "--length", "--prime", "--stop", "--stop-text",
           "--count", "--separator", "--allow", "--deny", "--unknown", "--replacement") + FLAGS


def parse_bool(options, name):
    value = options.get(name, "false").lower()
    if value not in ("true", "false"):
        raise UsageError(f"{name} is '{options[name]}'; it must be true or false")
    return value == "true"


def parse_args(argv):
    options = {}
    i = 0
    while i < len(argv):
        token = argv[i]
        i += 1
        name, value = token, None
        split = re.match(r"(--[^=:]*)[=:](.*)", token, re.DOTALL)  # at the first '=' or ':', as System.CommandLine
        if split:
            name, value = split.groups()
        if name not in OPTIONS:
            raise UsageError(f"unrecognized argument '{token}'")
        if name in options:
            raise UsageError(f"{name} is given more than once")
        if value is None and name in FLAGS:
            if i < len(argv) and argv[i].lower() in ("true", "false"):
                value, i = argv[i], i + 1
            else:
                value = "true"
        elif value is None:
            if i >= len(argv):
                raise UsageError(f"{name} needs a value")
            value, i = argv[i], i + 1
        options[name] = value
    if "--model" not in options:
        raise UsageError("--model is required (a .safetensors file from 'charrnn export --format safetensors')")
    temperature = parse_float32("--temperature", options.get("--temperature", "1"))
    if not (temperature > 0 and np.isfinite(temperature)):
        raise UsageError(f"--temperature is {options['--temperature']}; it must be a number greater than 0")
    top_k = parse_int("--top-k", options.get("--top-k", "0"), INT32_MAX, "a whole number")
    length = parse_int("--length", options.get("--length", "200"), INT32_MAX, "a whole number")
    if top_k < 0 or length < 0:
        raise UsageError(f"{'--top-k' if top_k < 0 else '--length'} must be at least 0")
    count = None
    if "--count" in options:
        count = parse_int("--count", options["--count"], INT32_MAX, "a whole number")
        if count < 1:
            raise UsageError(f"--count is {count}; it must be at least 1")
    escaped = {name: unescape(name, options[name]) for name in
               ("--stop", "--stop-text", "--separator", "--allow", "--deny", "--replacement") if name in options}
    stop, stop_text = escaped.get("--stop"), escaped.get("--stop-text")
    if stop == "" or stop_text == "":
        raise UsageError(f"{'--stop' if stop == '' else '--stop-text'} is empty; give at least one character")
    if stop_text is not None and len(stop_text) > length:
        raise UsageError(f"--stop-text has {len(stop_text)} characters, more than --length {length}; it could never be drawn")
    if "--allow" in escaped and "--deny" in escaped:
        raise UsageError("--allow and --deny are both given; use one")
    unknown = options.get("--unknown", "refuse")
    if unknown not in ("refuse", "skip", "replace"):
        raise UsageError(f"--unknown is '{options['--unknown']}'; it must be refuse, skip or replace")
    replacement = escaped.get("--replacement")
    if (unknown == "replace") != (replacement is not None):
        raise UsageError("--replacement is required with --unknown replace" if replacement is None
                         else "--replacement goes only with --unknown replace")
    if replacement is not None and len(replacement) != 1:
        raise UsageError(f"--replacement has {len(replacement)} characters; it must be one")
    return {
        "model": options["--model"],
        "seed": parse_int("--seed", options.get("--seed", "0"), MASK64, "a whole number from 0 to 18446744073709551615") & MASK64,
        "temperature": temperature,
        "top_k": top_k,
        "greedy": parse_bool(options, "--greedy"),
        "length": length,
        "prime": options.get("--prime", ""),
        "stop": {ord(c) for c in stop or ""},
        "stop_text": stop_text,
        "include_stop": parse_bool(options, "--include-stop"),
        "count": count,
        # A sample cut at a line break ends its own line: one more makes a blank line between samples.
        "separator": escaped.get("--separator", "\n" if "\n" in (stop or "") else "\n\n"),
        "allow": escaped.get("--allow"),
        "deny": escaped.get("--deny"),
        "unknown": unknown,
        "replacement": replacement,
    }


def drawable_ids(model, args):
    """The mask as a bool per id, or None without --allow and --deny."""
    name, chars = ("--allow", args["allow"]) if args["allow"] is not None else ("--deny", args["deny"])
    if chars is None:
        return None
    for char in chars:
        if ord(char) not in model.index:
            raise InputError(f"{name}: the character U+{ord(char):04X} is not in the model's vocabulary")
    listed = np.isin(np.arange(len(model.vocab)), [model.index[ord(c)] for c in chars])
    drawable = listed if name == "--allow" else ~listed
    if not drawable.any():
        raise InputError(f"{name} leaves no character of the model's vocabulary to draw")
    return drawable


def prompt_ids(model, args):
    """The ids the prime feeds: an unknown character is refused, skipped or fed as the replacement."""
    replacement = args["replacement"]
    if replacement is not None and ord(replacement) not in model.index:
        raise InputError(f"--replacement: the character U+{ord(replacement):04X} is not in the model's vocabulary")
    ids = []
    for index, char in enumerate(args["prime"]):
        if 0xD800 <= ord(char) <= 0xDFFF:
            raise InputError(f"--prime: the character at index {index} is not valid UTF-8 text")
        if ord(char) in model.index:
            ids.append(model.index[ord(char)])
        elif args["unknown"] == "replace":
            ids.append(model.index[ord(replacement)])
        elif args["unknown"] == "refuse":
            raise InputError(f"--prime: the character U+{ord(char):04X} at index {index} is not in the model's "
                             f"vocabulary; remove it, or pass --unknown skip or --unknown replace --replacement C")
    return ids


def sample(args, out):
    """Writes the prime and the sample; with --count, each sample i (seed derived_seed(seed, i)) as prime, sample,
    separator. Nothing is written unless the options, the prime and the masks are valid."""
    model = Model(args["model"])
    drawable = drawable_ids(model, args)
    primed = model.zero_state()
    for char_id in prompt_ids(model, args):
        model.step(primed, char_id)

    def one(seed):
        state, random = [layer.copy() for layer in primed], Random(seed)

        def draw():
            char_id = choose(model.output(state), args["temperature"], args["top_k"], args["greedy"], random, drawable)
            model.step(state, char_id)
            return model.vocab[char_id]

        text, _ = generate(draw, args["length"], args["stop"], args["stop_text"], args["include_stop"])
        return "".join(map(chr, text))

    if args["count"] is None:
        out.write((args["prime"] + one(args["seed"])).encode("utf-8"))
    else:
        for index in range(args["count"]):
            out.write((args["prime"] + one(derived_seed(args["seed"], index)) + args["separator"]).encode("utf-8"))
    out.flush()


def main(argv):
    try:
        sample(parse_args(argv), sys.stdout.buffer)
        return 0
    except UsageError as e:
        print(f"reference-sampler: error: {e}", file=sys.stderr)
        return 2
    except InputError as e:
        print(f"reference-sampler: error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    np.seterr(all="ignore")  # overflow to inf and underflow are part of the arithmetic being reproduced
    sys.exit(main(sys.argv[1:]))
