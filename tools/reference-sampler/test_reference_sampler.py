"""Unit tests of the numpy reference sampler's parts, against values fixed elsewhere (docs/determinism.md, IEEE
bit patterns). Run: /usr/bin/python3 -m unittest discover -s tools/reference-sampler -p 'test_*.py'"""

import io
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
