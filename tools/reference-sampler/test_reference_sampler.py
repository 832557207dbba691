"""Unit tests of the numpy reference sampler's parts, against values fixed elsewhere (docs/determinism.md, IEEE
bit patterns). Run: /usr/bin/python3 -m unittest discover -s tools/reference-sampler -p 'test_*.py'"""

import io
import json
import os
import struct
import tempfile
import unittest
import unittest.mock

import numpy as np

import reference_sampler as ref


def bits(value):
    return int(np.float32(value).view(np.uint32))


class RandomTests(unittest.TestCase):
    def test_seed_zero_gives_the_documented_stream(self):
        random = ref.Random(0)
        self.assertEqual([random.next_uint64() for _ in range(3)],
                         [0x99EC5F36CB75F2B4, 0xBF6E1F784956452A, 0x1A5F849D4933E6E0])

    def test_uniform_is_the_top_24_bits_times_two_to_the_minus_24(self):
        random, copy = ref.Random(12345), ref.Random(12345)
        for _ in range(100):
            u = random.uniform()
            self.assertIsInstance(u, np.float32)
            self.assertEqual(float(u), (copy.next_uint64() >> 40) / 2**24)


class ParseTests(unittest.TestCase):
    def test_float_text_is_rounded_once(self):
        self.assertEqual(bits(ref.parse_float32("t", "0.7")), 0x3F333333)
        self.assertEqual(bits(ref.parse_float32("t", "-87.33")), bits(np.float32(-87.33)))
        self.assertEqual(bits(ref.parse_float32("t", "1e-3")), 0x3A83126F)
        self.assertEqual(bits(ref.parse_float32("t", " +2.5E0 ")), 0x40200000)
        # Just above 1 + 2^-24, the midpoint between 1 and the next float: rounded once it goes up, while rounding
        # through a double first lands exactly on the midpoint, which then goes to even (down, to 1).
        text = "1.00000005960464477539062500001"
        self.assertEqual(bits(np.float32(float(text))), 0x3F800000)
        self.assertEqual(bits(ref.parse_float32("t", text)), 0x3F800001)

    def test_bad_numbers_are_refused(self):
        for text in ["", "abc", "1,5", "0x10", "--1", "."]:
            with self.assertRaises(ref.UsageError):
                ref.parse_float32("--temperature", text)

    def test_options_follow_charrnn_sample(self):
        args = ref.parse_args(["--model", "m", "--seed=+3", "--temperature:0.7", "--greedy", "false", "--length=5"])
        self.assertEqual((args["seed"], bits(args["temperature"]), args["greedy"], args["length"], args["top_k"]),
                         (3, 0x3F333333, False, 5, 0))
        self.assertTrue(ref.parse_args(["--model", "m", "--greedy"])["greedy"])
        self.assertEqual(ref.parse_args(["--model", "m", "--seed", "18446744073709551615"])["seed"], 2**64 - 1)
        for bad in [["--seed", "1"], ["--model", "m", "--seed", "-1"], ["--model", "m", "--temperature", "0"],
                    ["--model", "m", "--length", "-2"], ["--model", "m", "--top-k", "x"], ["--model", "m", "--bogus"],
                    ["--model", "m", "--seed", "1", "--seed", "2"], ["--model", "m", "--length"],
                    ["--model", "m", "--seed", "18446744073709551616"]]:
            with self.assertRaises(ref.UsageError, msg=bad):
                ref.parse_args(bad)


class MathTests(unittest.TestCase):
    def test_exp_tanh_and_sigmoid_at_fixed_points(self):
        x = np.array([0.0, -0.0, 1.0, -200.0, 200.0, 20.0], dtype=np.float32)
        self.assertEqual(bits(ref.exp(x)[0]), 0x3F800000)                 # exp(0) = 1 exactly
        self.assertLess(abs(float(ref.exp(x)[2]) - np.e), 3e-7)           # within 2 ulp of e
        self.assertEqual(float(ref.exp(x)[3]), float(ref.exp(np.float32([-87.33]))[0]))  # clamped
        self.assertTrue(np.isfinite(ref.exp(x)).all())
        self.assertEqual(bits(ref.tanh(x)[1]), 0x80000000)                # tanh(-0) = -0
        self.assertEqual(float(ref.tanh(x)[5]), 1.0)
        self.assertEqual(float(ref.sigmoid(x)[0]), 0.5)
        self.assertEqual(float(ref.sigmoid(x)[4]), 1.0)

    def test_sums_are_taken_in_input_order_with_each_product_rounded(self):
        # 1e8 + 1 + ... in order loses every 1 in float32; a pairwise or double sum would keep some.
        start = np.array([1e8], dtype=np.float32)
        weights_t = np.ones((16, 1), dtype=np.float32)
        x = np.ones(16, dtype=np.float32)
        self.assertEqual(float(ref.accumulate(start, (weights_t, x))[0]), 1e8)


def exactly(product):
    """A float32 v with v * 127 exactly `product` in float32 (to test rounding at a tie)."""
    v = np.float32(product / 127)
    for candidate in [np.nextafter(v, np.float32(-1)), v, np.nextafter(v, np.float32(1))]:
        if candidate * ref.INT8_MAX == np.float32(product):
            return candidate
    raise AssertionError(f"no float32 v has v * 127 == {product}")


class Int8Tests(unittest.TestCase):
    def test_the_input_is_rounded_to_nearest_with_ties_to_even_and_clamped(self):
        v = np.array([exactly(2.5), exactly(3.5), exactly(-2.5), 1.0, -1.0, 0.4 / 127, 2.0], dtype=np.float32)
        self.assertEqual(ref.quantize_input(v).tolist(), [2, 4, -2, 127, -127, 0, 127])

    def test_the_sum_is_exact_and_rounded_to_float32_once_then_scaled_then_divided(self):
        # 1041 terms of 127 * 127 make 16790289, odd and above 2^24: float32 holds only the even neighbours, and
        # ties go to even (16790288). A float32 running sum would round at every term past 2^24.
        values = np.full((1, 1041), 127, dtype=np.int8)
        scale = np.float32(0.1)
        matrix = ref.Int8Matrix(values, np.array([scale], dtype=np.float32))
        got = matrix.add_product(np.zeros(1, dtype=np.float32), np.ones(1041, dtype=np.float32))
        expected = np.float32(0) + ((np.float32(16790288) * scale) / np.float32(127))
        self.assertEqual(bits(got[0]), bits(expected))
        self.assertNotEqual(bits(expected), bits(np.float32(16790288) * (scale / np.float32(127))))  # the order shows

    def test_against_python_integers(self):
        rng = np.random.default_rng(3)
        values = rng.integers(-127, 128, size=(7, 13)).astype(np.int8)
        scales = rng.uniform(0.001, 0.1, size=7).astype(np.float32)
        v = np.tanh(rng.standard_normal(13)).astype(np.float32)
        start = rng.standard_normal(7).astype(np.float32)
        got = ref.Int8Matrix(values, scales).add_product(start, v)
        vq = [max(-127, min(127, round(float(x * np.float32(127))))) for x in v]  # Python's round is ties-to-even
        for r in range(7):
            acc = sum(int(values[r, j]) * vq[j] for j in range(13))
            self.assertEqual(bits(got[r]), bits(start[r] + ((np.float32(acc) * scales[r]) / np.float32(127))))

    def test_the_one_hot_input_adds_value_times_scale(self):
        values = np.array([[3, -127], [0, 5]], dtype=np.int8)
        scales = np.array([0.25, 0.5], dtype=np.float32)
        got = ref.Int8Matrix(values, scales).add_column(np.array([1, 2], dtype=np.float32), 1)
        self.assertEqual(got.tolist(), [1 - 127 * 0.25, 2 + 5 * 0.5])


class ChooseTests(unittest.TestCase):
    def test_greedy_takes_the_first_largest(self):
        logits = np.array([1, 3, 3, 2], dtype=np.float32)
        self.assertEqual(ref.choose(logits, np.float32(1), 0, True, ref.Random(0)), 1)

    def test_top_k_ties_go_to_the_lower_id(self):
        logits = np.array([5, 1, 1, 1, 0], dtype=np.float32)
        for seed in range(200):
            self.assertIn(ref.choose(logits, np.float32(1), 2, False, ref.Random(seed)), (0, 1))

    def test_one_uniform_per_choice(self):
        random = ref.Random(9)
        ref.choose(np.zeros(5, dtype=np.float32), np.float32(1), 0, False, random)
        expected = ref.Random(9)
        expected.next_uint64()
        self.assertEqual(random.next_uint64(), expected.next_uint64())


class FileTests(unittest.TestCase):
    def write(self, header, data=b""):
        encoded = header.encode("utf-8")
        handle = tempfile.NamedTemporaryFile(suffix=".safetensors", delete=False)
        handle.write(struct.pack("<Q", len(encoded)) + encoded + data)
        handle.close()
        self.addCleanup(os.unlink, handle.name)
        return handle.name

    def truncated(self):
        path = self.write('{"__metadata__": {}}')
        with open(path, "rb") as f:
            data = f.read()
        with open(path, "wb") as f:
            f.write(data[:12])
        return path

    def test_bad_files_get_one_clear_error(self):
        cases = {
            "missing": "/nonexistent/model.safetensors",
            "header past the end": self.truncated(),
            "no metadata": self.write('{"by": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}', b"\0" * 4),
            "wrong dtype": self.write('{"__metadata__": {}, "by": {"dtype": "F16", "shape": [1], "data_offsets": [0, 2]}}', b"\0" * 2),
            "gap": self.write('{"__metadata__": {}, "by": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}', b"\0" * 8),
            "trailing bytes": self.write('{"__metadata__": {}, "by": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}', b"\0" * 9),
            "not json": self.write("{nope", b""),
        }
        for name, path in cases.items():
            with self.assertRaises(ref.InputError, msg=name):
                ref.read_safetensors(path)

    def int8_rnn(self, why=(3, -5), why_scale=0.5):
        """A 1-layer rnn, hidden size 1, vocabulary "ab", as an int8 export: matrices I8 then NAME.scale F32."""
        tensors = [("layer0.Wxh", "I8", [1, 2], bytes([1, 0xFF])), ("layer0.Wxh.scale", "F32", [1], [0.5]),
                   ("layer0.Whh", "I8", [1, 1], bytes([127])), ("layer0.Whh.scale", "F32", [1], [0.01]),
                   ("layer0.bh", "F32", [1], [0.1]),
                   ("Why", "I8", [2, 1], bytes(b & 0xFF for b in why)), ("Why.scale", "F32", [2], [why_scale, 0.25]),
                   ("by", "F32", [2], [0.0, 0.5])]
        header = {"__metadata__": {"weights": "int8", "cell": "rnn", "layers": "1", "hidden_size": "1",
                                   "vocab": "[97,98]"}}
        data = b""
        for name, dtype, shape, values in tensors:
            raw = values if dtype == "I8" else np.array(values, dtype="<f4").tobytes()
            header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
            data += raw
        return self.write(json.dumps(header), data)

    def test_an_int8_export_is_read_and_sampled(self):
        model = ref.Model(self.int8_rnn())
        self.assertEqual(model.weights, "int8")
        out = io.BytesIO()
        ref.sample(ref.parse_args(["--model", self.int8_rnn(), "--seed", "4", "--prime", "ab", "--length", "20"]), out)
        self.assertEqual(len(out.getvalue()), 22)
        # By hand: after "a", h = tanh(0.1 + (1 * 0.5)); then y = by + ((float32(q·vq) * s) / 127).
        state = model.zero_state()
        model.step(state, 0)
        h = ref.tanh(np.array([np.float32(0.1) + np.float32(0.5)], dtype=np.float32))
        self.assertEqual(bits(state[0][0]), bits(h[0]))
        vq = np.rint(h[0] * np.float32(127))
        y = model.output(state)
        self.assertEqual(bits(y[1]), bits(np.float32(0.5) + ((np.float32(-5 * vq) * np.float32(0.25)) / np.float32(127))))

    def test_bad_int8_exports_are_refused(self):
        cases = {
            "-128": self.int8_rnn(why=(3, -128)),
            "scale 0": self.int8_rnn(why_scale=0.0),
            "scale NaN": self.int8_rnn(why_scale=float("nan")),
        }
        for name, path in cases.items():
            with self.assertRaises(ref.InputError, msg=name):
                ref.Model(path)

    def test_main_reports_errors_on_one_line(self):
        err = io.StringIO()
        with unittest.mock.patch("sys.stderr", err):
            self.assertEqual(ref.main(["--model", "/nonexistent/model.safetensors"]), 1)
            self.assertEqual(ref.main(["--length", "3"]), 2)
        lines = err.getvalue().splitlines()
        self.assertEqual(len(lines), 2)
        self.assertTrue(all(line.startswith("reference-sampler: error: ") for line in lines))


if __name__ == "__main__":
    unittest.main()
