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


class FixedUniform:
    """A random stream whose every uniform() is the given float32 (to reach the draw's edge cases)."""

    def __init__(self, value):
        self.value = np.float32(value)

    def uniform(self):
        return self.value


class DerivedSeedTests(unittest.TestCase):
    def test_values_computed_with_c_uint64_arithmetic(self):
        # From a separate C program: z = seed ^ (i * 0xD1B54A32D192ED03), then SplitMix64's finalizer, in uint64_t.
        expected = {(0, 1): 0x8209B480FAED1B10, (0, 2): 0x6C23AACCA1387409, (0, 7): 0xED47C95001E5F575,
                    (1, 1): 0x01D60447FEA35413, (42, 4): 0xBA5EDFA48CF451E8, (42, 2147483647): 0xE522B858DD328510,
                    (2**64 - 1, 1): 0x6DB45502152EA596, (2**64 - 1, 7): 0xA10B708CB9F8A54D}
        for (seed, index), value in expected.items():
            self.assertEqual(ref.derived_seed(seed, index), value, msg=(seed, index))

    def test_sample_zero_keeps_the_seed(self):
        for seed in (0, 1, 42, 2**64 - 1):
            self.assertEqual(ref.derived_seed(seed, 0), seed)


class MaskTests(unittest.TestCase):
    def test_the_mask_comes_before_top_k(self):
        # Top-2 of the drawable ids {1, 2, 3} is {1, 2}; top-2 first and the mask after would leave only id 1.
        logits = np.array([5, 4, 3, -1], dtype=np.float32)
        drawable = np.array([False, True, True, True])
        drawn = {ref.choose(logits, np.float32(1), 2, False, ref.Random(seed), drawable) for seed in range(200)}
        self.assertEqual(drawn, {1, 2})

    def test_greedy_takes_the_first_largest_drawable_logit(self):
        logits = np.array([3, 1, 3, 3], dtype=np.float32)
        self.assertEqual(ref.choose(logits, np.float32(1), 0, True, None, np.array([False, True, False, True])), 3)
        self.assertEqual(ref.choose(logits, np.float32(1), 0, True, None, np.array([False, True, False, False])), 1)

    def test_an_id_outside_the_mask_weighs_zero_not_exp_of_minus_infinity(self):
        # exp clamps its input, so exp(-inf) is a tiny positive number; with u = 0 that weight would be drawn.
        self.assertGreater(float(ref.exp(np.array([-np.inf], dtype=np.float32))[0]), 0)
        logits = np.zeros(3, dtype=np.float32)
        self.assertEqual(ref.choose(logits, np.float32(1), 0, False, FixedUniform(0), np.array([False, True, True])), 1)
        # Top-k larger than the drawable ids keeps -inf ids as ties at the threshold; they weigh 0 all the same.
        self.assertEqual(ref.choose(logits, np.float32(1), 2, False, FixedUniform(0), np.array([False, False, True])), 2)

    def test_the_fallback_is_the_last_positive_weight_then_the_first_drawable_id(self):
        # uniform() is below 1, and u = uniform() * sum stays below the sum; a stub returning 1 makes u reach it.
        logits = np.zeros(4, dtype=np.float32)
        self.assertEqual(ref.choose(logits, np.float32(1), 0, False, FixedUniform(1), np.array([True, True, True, False])), 2)
        self.assertEqual(ref.choose(logits, np.float32(1), 0, False, FixedUniform(1)), 3)
        # No positive weight at all (NaN logits): the first drawable id, 0 without a mask.
        nan = np.full(3, np.nan, dtype=np.float32)
        with np.errstate(all="ignore"):
            self.assertEqual(ref.choose(nan, np.float32(1), 0, False, ref.Random(0), np.array([False, True, True])), 1)
            self.assertEqual(ref.choose(nan, np.float32(1), 0, False, ref.Random(0)), 0)

    def test_one_uniform_per_choice_under_a_mask(self):
        random = ref.Random(9)
        ref.choose(np.zeros(5, dtype=np.float32), np.float32(1), 2, False, random, np.array([True, False] * 2 + [True]))
        expected = ref.Random(9)
        expected.next_uint64()
        self.assertEqual(random.next_uint64(), expected.next_uint64())


def scripted(text):
    """A draw() that returns the characters of text in turn, and the list of those drawn so far."""
    drawn = []

    def draw():
        drawn.append(text[len(drawn)])
        return ord(drawn[-1])
    return draw, drawn


class StopTests(unittest.TestCase):
    def generate(self, draws, max_length, stop="", stop_text=None, include_stop=False):
        draw, drawn = scripted(draws)
        text, reason = ref.generate(draw, max_length, {ord(c) for c in stop}, stop_text, include_stop)
        return "".join(map(chr, text)), reason, "".join(drawn)

    def test_a_stop_character_ends_the_sample_and_is_dropped_unless_kept(self):
        self.assertEqual(self.generate("ab\ncd", 100, stop="\n."), ("ab", "stop character", "ab\n"))
        self.assertEqual(self.generate("ab.cd", 100, stop="\n.", include_stop=True), ("ab.", "stop character", "ab."))

    def test_the_stop_text_may_span_many_draws(self):
        self.assertEqual(self.generate("xaabyy", 100, stop_text="aab"), ("x", "stop text", "xaab"))
        self.assertEqual(self.generate("aaab", 100, stop_text="aab"), ("a", "stop text", "aaab"))  # overlaps itself
        self.assertEqual(self.generate("xaab", 100, stop_text="aab", include_stop=True), ("xaab", "stop text", "xaab"))
        self.assertEqual(self.generate("x😀!y", 100, stop_text="😀!"), ("x", "stop text", "x😀!"))  # scalars

    def test_the_length_counts_draws_including_a_stop(self):
        self.assertEqual(self.generate("abcdef", 4), ("abcd", "length", "abcd"))
        self.assertEqual(self.generate("abcdef", 4, stop="\n"), ("abcd", "length", "abcd"))
        # A stop on the last allowed draw is still a stop (and dropped); the stop text counts toward the length.
        self.assertEqual(self.generate("abc\n", 4, stop="\n"), ("abc", "stop character", "abc\n"))
        self.assertEqual(self.generate("abxy", 4, stop_text="xy"), ("ab", "stop text", "abxy"))
        self.assertEqual(self.generate("abc", 0, stop="a"), ("", "length", ""))

    def test_a_stop_character_comes_before_the_stop_text(self):
        self.assertEqual(self.generate("xab", 100, stop="b", stop_text="ab"), ("xa", "stop character", "xab"))


class EscapeTests(unittest.TestCase):
    def test_each_escape(self):
        self.assertEqual(ref.unescape("--stop", r"a\nb\t\r\0\\\"\'"), "a\nb\t\r\0\\\"'")
        self.assertEqual(ref.unescape("--stop", r"\x41\xe9\u00E9\U0001F600"), "Aéé😀")
        self.assertEqual(ref.unescape("--stop", "中 plain"), "中 plain")
        self.assertEqual(ref.unescape("--stop", ""), "")

    def test_bad_escapes_are_errors(self):
        for text in ["\\q", "a\\", "\\x4", "\\xZZ", "\\x", "\\u12", "\\u00g0", "\\U0010FFF", "\\U00110000",
                     "\\uD800", "\\uD83D\\uDE00", "\\U0000DC00", "\\ ", "\\N", "\\x+1"]:
            with self.assertRaises(ref.UsageError, msg=text):
                ref.unescape("--stop", text)


class StopAndMaskOptionTests(unittest.TestCase):
    def parse(self, *argv):
        return ref.parse_args(["--model", "m", *argv])

    def test_defaults(self):
        args = self.parse()
        self.assertEqual((args["stop"], args["stop_text"], args["include_stop"], args["count"], args["separator"],
                          args["allow"], args["deny"], args["unknown"], args["replacement"]),
                         (set(), None, False, None, "\n\n", None, None, "refuse", None))

    def test_values_and_the_default_separator(self):
        args = self.parse("--stop", r"\n.", "--stop-text", r"\x41B", "--include-stop", "--count=3", "--deny", "xy")
        self.assertEqual((args["stop"], args["stop_text"], args["include_stop"], args["count"], args["separator"],
                          args["deny"]), ({10, 46}, "AB", True, 3, "\n", "xy"))
        self.assertEqual(self.parse("--stop", ".")["separator"], "\n\n")
        self.assertEqual(self.parse("--stop-text", r"\n")["separator"], "\n\n")  # only --stop decides
        self.assertEqual(self.parse("--stop", r"\n", "--separator", r"\t")["separator"], "\t")
        self.assertEqual(self.parse("--separator", "")["separator"], "")
        self.assertFalse(self.parse("--include-stop", "false")["include_stop"])
        args = self.parse("--unknown", "replace", "--replacement", r"\u0020", "--allow", "ab")
        self.assertEqual((args["unknown"], args["replacement"], args["allow"]), ("replace", " ", "ab"))
        self.assertEqual(self.parse("--stop-text", "abc", "--length", "3")["stop_text"], "abc")
        self.assertEqual(self.parse("--stop-text:a=b")["stop_text"], "a=b")  # split at the first '=' or ':'
        self.assertEqual(self.parse("--stop-text=a:b")["stop_text"], "a:b")

    def test_bad_combinations_are_command_line_errors(self):
        for bad in [["--count", "0"], ["--count", "-1"], ["--count", "x"], ["--stop", ""], ["--stop-text", ""],
                    ["--stop-text", "abc", "--length", "2"], ["--stop-text", "abc", "--length", "0"],
                    ["--allow", "a", "--deny", "b"], ["--unknown", "maybe"], ["--unknown", "SKIP"], ["--unknown", "replace"],
                    ["--replacement", "x"], ["--unknown", "skip", "--replacement", "x"],
                    ["--unknown", "replace", "--replacement", "ab"],
                    ["--unknown", "replace", "--replacement", ""], ["--stop", r"\q"], ["--separator", "\\"],
                    ["--include-stop", "maybe"], ["--count", "1", "--count", "2"]]:
            with self.assertRaises(ref.UsageError, msg=bad):
                self.parse(*bad)
        err = io.StringIO()
        with unittest.mock.patch("sys.stderr", err):
            self.assertEqual(ref.main(["--model", "/nonexistent/model.safetensors", "--stop", r"\q"]), 2)
        self.assertEqual(len(err.getvalue().splitlines()), 1)


class TemporaryModels:
    """Writes safetensors files that the test removes when it ends."""

    def write(self, header, data=b""):
        encoded = header.encode("utf-8")
        handle = tempfile.NamedTemporaryFile(suffix=".safetensors", delete=False)
        handle.write(struct.pack("<Q", len(encoded)) + encoded + data)
        handle.close()
        self.addCleanup(os.unlink, handle.name)
        return handle.name

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


class FileTests(TemporaryModels, unittest.TestCase):
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


class SampleCommandTests(TemporaryModels, unittest.TestCase):
    def run_sample(self, *argv):
        out = io.BytesIO()
        ref.sample(ref.parse_args(["--model", self.model, *argv]), out)
        return out.getvalue().decode("utf-8")

    def setUp(self):
        self.model = self.int8_rnn()  # vocabulary "ab"; seed 1 draws both

    def test_sample_i_of_count_is_a_single_sample_at_its_derived_seed(self):
        many = self.run_sample("--seed", "5", "--prime", "a", "--length", "12", "--count", "4")
        singles = [self.run_sample("--seed", str(ref.derived_seed(5, i)), "--prime", "a", "--length", "12")
                   for i in range(4)]
        self.assertEqual(many, "".join(single + "\n\n" for single in singles))
        self.assertEqual(singles[0], self.run_sample("--seed", "5", "--prime", "a", "--length", "12"))
        self.assertGreater(len(set(singles)), 1)

    def test_stops_with_count(self):
        plain = self.run_sample("--seed", "1", "--length", "30")
        self.assertIn("ab", plain)
        stopped = self.run_sample("--seed", "1", "--length", "30", "--stop", "b", "--count", "3", "--separator", "|")
        self.assertEqual(stopped.split("|")[0], plain[:plain.index("b")])
        self.assertEqual(stopped.count("|"), 3)
        self.assertNotIn("b", stopped)

    def test_masks_apply_to_drawing_only(self):
        self.assertIn("a", self.run_sample("--seed", "1", "--length", "30"))
        self.assertEqual(self.run_sample("--seed", "1", "--length", "30", "--allow", "b", "--prime", "aa"), "aa" + "b" * 30)
        self.assertEqual(self.run_sample("--seed", "1", "--length", "30", "--deny", "a", "--top-k", "1"), "b" * 30)
        self.assertEqual(self.run_sample("--greedy", "--length", "5", "--deny", "a"), "b" * 5)

    def test_unknown_prompt_characters(self):
        # The prime is printed as given; only what is fed changes.
        base = self.run_sample("--seed", "0", "--length", "20", "--prime", "ab")
        self.assertEqual(self.run_sample("--seed", "0", "--length", "20", "--prime", "a€b", "--unknown", "skip"),
                         "a€" + base[1:])
        replaced = self.run_sample("--seed", "0", "--length", "20", "--prime", "abb")
        self.assertEqual(self.run_sample("--seed", "0", "--length", "20", "--prime", "a€b", "--unknown", "replace",
                                         "--replacement", "b"), "a€" + replaced[2:])
        self.assertNotEqual(base[2:], replaced[3:])  # the replacement was fed, so the sample can differ

    def test_errors_that_need_the_model(self):
        for bad in [["--prime", "a€"], ["--allow", "z"], ["--allow", ""], ["--deny", "ab"], ["--deny", "€"],
                    ["--unknown", "replace", "--replacement", "€"]]:
            with self.assertRaises(ref.InputError, msg=bad):
                self.run_sample(*bad)


if __name__ == "__main__":
    unittest.main()
