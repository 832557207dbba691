#!/usr/bin/env bash
# Determinism across machines, runtimes and languages (docs/determinism.md). Every case below is sampled by every
# way of running its model, and each way must print exactly the bytes `charrnn sample` (Release) prints:
#   - the ConsoleSampler's baked model (samples/ConsoleSampler/Models/shakespeare.charrnn, int8): charrnn sample in
#     Release and Debug; the ConsoleSampler under the JIT by default, with DOTNET_PreferredVectorBitWidth=128,
#     DOTNET_EnableAVX2=0, DOTNET_EnableHWIntrinsic=0 and (on a CPU with AVX-512) DOTNET_MaxVectorTBitWidth=512, as a
#     Debug build, as NativeAOT linux-x64 binaries published by default, with IlcInstructionSet=x86-64-v3 (on a CPU
#     with AVX2) and x86-64-v4 (on a CPU with AVX-512), and as a NativeAOT linux-arm64 binary under qemu, with sdot
#     and without (a Cortex-A72); and the numpy reference (tools/reference-sampler) on its export;
#   - that model with stops, --count, --allow/--deny masks and --unknown skip/replace: charrnn sample, the numpy
#     reference and the ConsoleSampler under the JIT by default;
#   - the float32 GRU 2x208 trained on Tiny Shakespeare (tests/CharRnn.Sampler.Tests/Models/shakespeare.charrnn) and
#     the other committed models (tests/models/*.charrnn, random weights chosen to be chaotic, so a difference in
#     the last bit of any operation changes the text): charrnn sample in Release and Debug, under the same JIT
#     settings, and the numpy reference. (Generated code for them is covered by the generator's parity tests.)
#   - int8 copies (charrnn quantize) of those, and of a wide chaotic rnn made here (int8 rounds the state, which
#     absorbs most one-ulp differences; the wide model still shows one): charrnn sample in Release and Debug, under
#     the same JIT settings, and the numpy reference on their int8 exports;
#   - training: a small model of each cell (two layers, dropout) trained by charrnn train at 1, 2 and 4 threads, in
#     Debug, under the JIT settings above and as NativeAOT linux-x64 and linux-arm64 (qemu) binaries must be written
#     byte for byte the same, and a trainer built with exp one ulp off must write another.
# Each case counts as one check. stdout gets one line, "determinism: N passed, N failed"; progress and the reason
# for each failure go to stderr. A way this CPU cannot run (the 512-bit JIT and the x86-64-v4 binary without
# AVX-512, the x86-64-v3 binary without AVX2) is left out of every case and named on stderr as not applicable, at
# the start and at the end; nothing else is ever skipped. Needs root (or sudo) the first time, to apt-get install
# what is missing: python3-numpy, qemu-user-static and the arm64 cross toolchain (DEVELOPERS.md). Run it from anywhere:
#   scripts/determinism.sh
# CHARRNN_CONSOLE_SAMPLER may name an already published linux-x64 ConsoleSampler (.ci/run sets it).
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export PYTHONDONTWRITEBYTECODE=1 # no __pycache__ in the work tree
out=artifacts/determinism
mkdir -p "$out"
passed=0 failed=0
python=${CHARRNN_PYTHON:-/usr/bin/python3} # Debian's python3, where python3-numpy installs

check() { # name, command...: one counted check
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name" >&2; fi
}
step() { echo "::: $*" >&2; }

# What this CPU can run: docs/embedding.md#nativeaot-and-the-instruction-set says what each level needs.
cpu_flags=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | cut -d: -f2) "
cpu_has() { local flag; for flag; do [[ $cpu_flags == *" $flag "* ]] || return 1; done; }
not_applicable=()
if cpu_has avx2 fma bmi1 bmi2 f16c movbe; then has_v3=1; else
  has_v3=0; not_applicable+=("the NativeAOT x86-64-v3 binary (no AVX2, FMA or BMI2)"); fi
if cpu_has avx512f avx512bw avx512cd avx512dq avx512vl && ((has_v3)); then has_v4=1; else
  has_v4=0; not_applicable+=("the JIT at 512 bits and the NativeAOT x86-64-v4 binary (no AVX-512)"); fi
report_not_applicable() {
  local way
  for way in "${not_applicable[@]}"; do echo "not applicable on this CPU, left out of every case: $way" >&2; done
}
report_not_applicable
trap 'report_not_applicable; echo "determinism: $passed passed, $failed failed"; [[ $failed -eq 0 ]] || exit 1' EXIT

step "prerequisites: numpy, qemu-aarch64-static, the arm64 cross toolchain"
apt_packages=(python3-numpy qemu-user-static clang-14 gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross)
missing_prerequisites() { # prints what is missing
  "$python" -c 'import numpy' 2>/dev/null || echo "numpy for $python (python3-numpy)"
  command -v qemu-aarch64-static >/dev/null || echo "qemu-aarch64-static (qemu-user-static)"
  command -v clang-14 >/dev/null || echo "clang-14"
  command -v aarch64-linux-gnu-objcopy >/dev/null || echo "aarch64-linux-gnu-objcopy (binutils-aarch64-linux-gnu)"
  [[ -e /usr/aarch64-linux-gnu/lib/libc.so.6 ]] || echo "the arm64 C library (libc6-dev-arm64-cross)"
  command -v aarch64-linux-gnu-gcc >/dev/null || echo "aarch64-linux-gnu-gcc (gcc-aarch64-linux-gnu)"
}
install_prerequisites() {
  local missing sudo=()
  missing=$(missing_prerequisites)
  [[ -z $missing ]] && return 0
  echo "missing: $(paste -sd ';' <<<"$missing" | sed 's/;/; /g'); installing ${apt_packages[*]} with apt-get" >&2
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo=(sudo)
    else
      echo "not root and no password-less sudo: run 'sudo apt-get install -y ${apt_packages[*]}' first;" \
        "the numpy reference and the arm64 binary cannot run, so their checks FAIL (they are never skipped)" >&2
      return 1
    fi
  fi
  if ! { "${sudo[@]}" apt-get update -q && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${apt_packages[@]}"; } \
    > "$out/apt.log" 2>&1; then
    echo "apt-get could not install ${apt_packages[*]} (is a Debian mirror reachable? see $out/apt.log):" \
      "the numpy reference and the arm64 binary cannot run, so their checks FAIL (they are never skipped)" >&2
    tail -5 "$out/apt.log" >&2
    return 1
  fi
  missing=$(missing_prerequisites)
  [[ -z $missing ]] || { echo "still missing after apt-get install: $missing" >&2; return 1; }
}
check "prerequisites" install_prerequisites

step "builds: Release and Debug of charrnn and the ConsoleSampler; NativeAOT linux-x64 (each level) and linux-arm64"
build() { # configuration
  dotnet build src/Trainer -c "$1" -warnaserror -v quiet -nologo >&2 &&
    dotnet build samples/ConsoleSampler -c "$1" -warnaserror -v quiet -nologo >&2
}
check "build Release" build Release
check "build Debug" build Debug
aot_x64=${CHARRNN_CONSOLE_SAMPLER:-}
if [[ -z $aot_x64 ]]; then
  aot_x64=$PWD/artifacts/aot/ConsoleSampler
  check "NativeAOT linux-x64 publish" dotnet publish samples/ConsoleSampler -c Release -r linux-x64 -o artifacts/aot -v quiet -nologo
fi
publish_x64_level() { # instruction set: the binary a user gets with -p:IlcInstructionSet=<it>, in artifacts/aot-<it>
  # Its own native obj folder, so the default publish and this one do not recompile each other on every run.
  dotnet publish samples/ConsoleSampler -c Release -r linux-x64 -p:IlcInstructionSet="$1" \
    -p:NativeIntermediateOutputPath="$PWD/artifacts/obj/aot-$1/" -o "artifacts/aot-$1" -v quiet -nologo
}
aot_levels=()
((has_v3)) && aot_levels+=(x86-64-v3)
((has_v4)) && aot_levels+=(x86-64-v4)
for level in "${aot_levels[@]}"; do
  check "NativeAOT linux-x64 $level publish" publish_x64_level "$level"
done
aot_arm64=$PWD/artifacts/aot-arm64/ConsoleSampler
# clang-14 links through the cross binutils; InvariantGlobalization keeps ICU out of the emulated process.
check "NativeAOT linux-arm64 publish" dotnet publish samples/ConsoleSampler -c Release -r linux-arm64 \
  -p:CppCompilerAndLinker=clang-14 -p:ObjCopyName=aarch64-linux-gnu-objcopy -p:InvariantGlobalization=true \
  -o artifacts/aot-arm64 -v quiet -nologo

step "the numpy reference's own unit tests (PRNG stream, float parsing, exp/tanh/sigmoid, sums, choices, bad files)"
check "reference unit tests" "$python" -m unittest discover -s tools/reference-sampler -p 'test_*.py'

charrnn_release=(dotnet src/Trainer/bin/Release/net10.0/charrnn.dll)
charrnn_debug=(dotnet src/Trainer/bin/Debug/net10.0/charrnn.dll)
sampler_release=(dotnet samples/ConsoleSampler/bin/Release/net10.0/ConsoleSampler.dll)
sampler_debug=(dotnet samples/ConsoleSampler/bin/Debug/net10.0/ConsoleSampler.dll)
reference=("$python" tools/reference-sampler/reference_sampler.py)
baked=samples/ConsoleSampler/Models/shakespeare.charrnn
trained=tests/CharRnn.Sampler.Tests/Models/shakespeare.charrnn # the float32 GRU 2x208

step "int8 models: a wide chaotic rnn, and every model quantized"
# One ulp in an int8 step's float part changes the text only when it moves a state value across a rounding
# boundary of its int8 copy, which is rare: the quantized test models print the same 10,000 characters with the
# perturbation below. The int8 sensitivity check needs many state values: a 1x1024 rnn (made here, 6 MB as float32).
wide=$out/rnn-wide-chaotic.charrnn
check "make $wide" "$python" tools/reference-sampler/make_test_model.py --cell rnn --layers 1 --hidden 1024 --gain 2 \
  --seed 7 --out "$wide"
int8_of() { echo "$out/int8-$(basename "$1")"; }
int8_models=()
for model in "$trained" tests/models/*.charrnn "$wide"; do
  int8_models+=("$(int8_of "$model")")
  check "quantize $model" "${charrnn_release[@]}" quantize --model "$model" --out "$(int8_of "$model")"
done

step "safetensors exports for the numpy reference"
models=("$baked" "$trained" tests/models/*.charrnn "${int8_models[@]}")
# Named by the whole path: the baked model and the GRU 2x208 are both Models/shakespeare.charrnn.
export_of() { local path=${1%.charrnn}; echo "$out/${path//\//_}.safetensors"; }
for model in "${models[@]}"; do
  check "export $model" "${charrnn_release[@]}" export --model "$model" --format safetensors --out "$(export_of "$model")"
done

# One way of running a case: its name, then the command without the sampling arguments. It must exit 0 and print
# exactly $out/expected.
way() {
  local name=$1; shift
  if ! "$@" "${case_args[@]}" > "$out/$name" 2> "$out/$name.err"; then
    echo "  $name failed: $(head -c 400 "$out/$name.err")" >&2
    return 1
  fi
  cmp -s "$out/expected" "$out/$name" && return 0
  echo "  $name differs from charrnn sample: $(cmp "$out/expected" "$out/$name" 2>&1 | head -1)" >&2
  return 1
}
jit_ways() { # prefix, command...: the JIT at every vector width
  local prefix=$1; shift
  local status=0
  way "$prefix-jit" "$@" || status=1
  way "$prefix-jit-vector128" env DOTNET_PreferredVectorBitWidth=128 "$@" || status=1
  way "$prefix-jit-sse" env DOTNET_EnableAVX2=0 "$@" || status=1
  way "$prefix-jit-scalar" env DOTNET_EnableHWIntrinsic=0 "$@" || status=1
  if ((has_v4)); then # Vector<float> of 16 lanes
    way "$prefix-jit-vector512" env DOTNET_MaxVectorTBitWidth=512 "$@" || status=1
  fi
  return $status
}
expect() { # model, sampling arguments...: what charrnn sample (Release) prints goes to $out/expected
  local model=$1; shift
  case_args=("$@")
  rm -f "$out/expected"
  if ! "${charrnn_release[@]}" sample --model "$model" "${case_args[@]}" > "$out/expected" 2> "$out/expected.err" ||
    [[ ! -s $out/expected ]]; then
    echo "  charrnn sample printed nothing or failed: $(head -c 400 "$out/expected.err")" >&2
    return 1
  fi
}
same_everywhere() { # model, sampling arguments...
  local model=$1
  expect "$@" || return 1
  local status=0
  way charrnn-debug "${charrnn_debug[@]}" sample --model "$model" || status=1
  way numpy "${reference[@]}" --model "$(export_of "$model")" || status=1
  if [[ $model == "$baked" ]]; then
    jit_ways sampler "${sampler_release[@]}" || status=1
    way sampler-debug "${sampler_debug[@]}" || status=1
    way aot-x64 "$aot_x64" || status=1
    for level in "${aot_levels[@]}"; do
      way "aot-x64-$level" "$PWD/artifacts/aot-$level/ConsoleSampler" || status=1
    done
    way aot-arm64 qemu-aarch64-static -L /usr/aarch64-linux-gnu "$aot_arm64" || status=1
    # An ARMv8.0 core: no sdot, so int8 models take the widening-multiply path.
    way aot-arm64-cortex-a72 qemu-aarch64-static -cpu cortex-a72 -L /usr/aarch64-linux-gnu "$aot_arm64" || status=1
  else
    jit_ways charrnn "${charrnn_release[@]}" sample --model "$model" || status=1
  fi
  return $status
}

step "the baked model: charrnn sample, the ConsoleSampler (JIT at each width, Debug, NativeAOT x64 at each level, arm64 with and without sdot), numpy"
check "baked seed=1 T=0.5" same_everywhere "$baked" --seed 1 --temperature 0.5 --prime "ROMEO:" --length 300
check "baked seed=2 T=1.0" same_everywhere "$baked" --seed 2 --temperature 1.0 --prime "ROMEO:" --length 300
check "baked seed=3 T=0.8 top-k 10" same_everywhere "$baked" --seed 3 --temperature 0.8 --top-k 10 --prime "JULIET:" --length 300
check "baked greedy" same_everywhere "$baked" --greedy --prime "JULIET:" --length 300
# The baked model's long cases stop at 2,000 characters: at 1.9 million weights, 10,000 through numpy, the Debug
# builds and qemu would take most of CI's time. The smaller models below run 10,000.
check "baked top-k 5, 2000 characters" same_everywhere "$baked" --seed 9 --top-k 5 --length 2000
check "baked T=1.2, 2000 characters" same_everywhere "$baked" --seed 42 --temperature 1.2 --length 2000
check "baked option spellings" same_everywhere "$baked" --seed=+3 --temperature:0.7 --greedy false --length=500
check "baked largest seed, top-k 2" same_everywhere "$baked" --seed 18446744073709551615 --temperature 0.25 --top-k 2 --length 1000
check "baked top-k = vocabulary size" same_everywhere "$baked" --seed 5 --top-k 65 --length 300
check "baked prime only" same_everywhere "$baked" --length 0 --prime "KING"

# Stops, many samples, masks and unknown prompt characters (docs/determinism.md, part 3) change only what is drawn
# and printed, not the arithmetic, so numpy and the ConsoleSampler under the default JIT suffice for them.
same_as_reference() { # sampling arguments... for the baked model
  expect "$baked" "$@" || return 1
  local status=0
  way numpy "${reference[@]}" --model "$(export_of "$baked")" || status=1
  way sampler-jit "${sampler_release[@]}" || status=1
  return $status
}
step "the baked model with stops, --count, masks and --unknown: charrnn sample, numpy, the ConsoleSampler (JIT)"
check "baked --count 5 --stop \\n" same_as_reference --count 5 --stop '\n' --seed 7 --temperature 0.8 --prime "The " --length 200
check "baked --allow, top-k 3" same_as_reference --allow 'abcdefghijklmnopqrstuvwxyz ,.\n' --top-k 3 --seed 11 \
  --temperature 0.9 --prime "ROMEO:" --length 300
check "baked --deny, greedy" same_as_reference --deny 'e\x20' --greedy --prime "JULIET:" --length 300
check "baked --stop-text --include-stop --count 3" same_as_reference --stop-text 'the' --include-stop --count 3 --seed 2 \
  --prime "KING:" --length 1000
# Seed 15115159's first draw is exactly 0: the first id with a positive weight is taken, so a masked id must weigh 0.
check "baked --deny, a draw of 0" same_as_reference --deny '\n' --seed 15115159 --length 1
check "baked --unknown skip" same_as_reference --unknown skip --prime "Où est Roméo?" --seed 5 --temperature 0.7 --length 200
check "baked --unknown replace" same_as_reference --unknown replace --replacement '\x75' --prime "Où est Roméo?" --seed 5 \
  --temperature 0.7 --length 200

step "the float32 GRU 2x208 trained on Tiny Shakespeare: charrnn sample (Release, Debug, JIT at each width) and numpy"
check "gru 2x208 seed=1 T=0.5" same_everywhere "$trained" --seed 1 --temperature 0.5 --prime "ROMEO:" --length 300
check "gru 2x208 T=1.2, 10000 characters" same_everywhere "$trained" --seed 42 --temperature 1.2 --length 10000

for model in tests/models/*.charrnn; do
  name=$(basename "$model" .charrnn)
  step "$name: charrnn sample (Release, Debug, JIT at each width) and numpy"
  check "$name seed=1" same_everywhere "$model" --seed 1 --length 2000
  check "$name seed=2 T=0.7 top-k 3, prime beyond the BMP" same_everywhere "$model" --seed 2 --temperature 0.7 --top-k 3 --prime "Qü😀" --length 2000
  check "$name greedy" same_everywhere "$model" --greedy --prime "中" --length 2000
  check "$name T=1.5, 10000 characters" same_everywhere "$model" --seed 5 --temperature 1.5 --length 10000
done

for model in "${int8_models[@]}"; do
  name=$(basename "$model" .charrnn)
  step "$name: charrnn sample (Release, Debug, JIT at each width) and numpy"
  check "$name seed=1" same_everywhere "$model" --seed 1 --length 2000
  check "$name seed=2 T=0.7 top-k 3" same_everywhere "$model" --seed 2 --temperature 0.7 --top-k 3 --length 2000
done
check "int8-shakespeare greedy, 10000 characters" same_everywhere "$(int8_of "$trained")" --greedy --prime "ROMEO:" --length 10000

step "the comparison is sensitive: a reference whose exp is one ulp off must print other text for every test model"
perturbed=$out/perturbed_reference.py
sed 's/^C2 = F32(0.5)$/C2 = np.nextafter(F32(0.5), F32(1))/' tools/reference-sampler/reference_sampler.py > "$perturbed"
reference_notices_one_ulp() { # model
  if cmp -s tools/reference-sampler/reference_sampler.py "$perturbed"; then
    echo "  could not perturb the reference (the line the sed edits moved?)" >&2
    return 1
  fi
  "${charrnn_release[@]}" sample --model "$1" --seed 1 --length 1000 > "$out/expected" &&
    "$python" "$perturbed" --model "$(export_of "$1")" --seed 1 --length 1000 > "$out/perturbed" || return 1
  if cmp -s "$out/expected" "$out/perturbed"; then
    echo "  the perturbed reference printed the same 1000 characters: $1 cannot show a one-ulp difference" >&2
    return 1
  fi
}
for model in tests/models/*.charrnn; do
  check "one ulp changes the text of $(basename "$model" .charrnn)" reference_notices_one_ulp "$model"
done

step "int8 too: a reference that multiplies by 1/127 instead of dividing by 127 must print other text"
# ((acc * s) / 127) and ((acc * s) * (1/127)) differ in the last bit for some values; on the wide model, seed 1,
# the text changes after about 530 characters (other seeds may take thousands).
sed 's|\* self.scales) / INT8_MAX)$|* self.scales) * (ONE / INT8_MAX))|' tools/reference-sampler/reference_sampler.py > "$perturbed"
check "one ulp changes the text of $(basename "$(int8_of "$wide")" .charrnn)" reference_notices_one_ulp "$(int8_of "$wide")"

# Training (docs/determinism.md, part 5): the same options and seed must write the same model file at any thread
# count and vector width. Each cell: two layers, dropout on, a few hundred steps on Tiny Shakespeare's start; H = 32
# and the 65-character vocabulary leave vector tails at every width.
train_args() { # cell, model path
  echo train --corpus data/tinyshakespeare.txt --corpus-chars 100000 --out "$2" --cell "$1" --layers 2 --hidden 32 \
    --seq-length 20 --batch-size 12 --dropout 0.2 --max-steps 200 --eval-every 100 --sample-every 0 --seed 3
}
trained_way() { # cell, name, threads, command...: trains with it; the model file must be $out/train-<cell>-expected's
  local cell=$1 name=$2 threads=$3; shift 3
  local model=$out/train-$cell-$name.charrnn
  # shellcheck disable=SC2046 # train_args' words are paths and numbers without spaces
  if ! "$@" $(train_args "$cell" "$model") --threads "$threads" > /dev/null 2> "$model.err"; then
    echo "  $cell $name failed: $(tail -c 400 "$model.err")" >&2
    return 1
  fi
  cmp -s "$out/train-$cell-expected.charrnn" "$model" && return 0
  echo "  $cell $name: model sha256 $(sha256sum < "$model" | cut -c1-16)…, expected $(sha256sum < "$out/train-$cell-expected.charrnn" | cut -c1-16)…" >&2
  return 1
}
same_training() { # cell
  local cell=$1 status=0
  # shellcheck disable=SC2046
  if ! "${charrnn_release[@]}" $(train_args "$cell" "$out/train-$cell-expected.charrnn") --threads 2 > /dev/null \
    2> "$out/train-$cell-expected.err"; then
    echo "  charrnn train failed: $(tail -c 400 "$out/train-$cell-expected.err")" >&2
    return 1
  fi
  trained_way "$cell" threads-1 1 "${charrnn_release[@]}" || status=1
  trained_way "$cell" threads-4 4 "${charrnn_release[@]}" || status=1
  trained_way "$cell" debug 2 "${charrnn_debug[@]}" || status=1
  trained_way "$cell" jit-vector128 2 env DOTNET_PreferredVectorBitWidth=128 DOTNET_MaxVectorTBitWidth=128 "${charrnn_release[@]}" || status=1
  trained_way "$cell" jit-sse 2 env DOTNET_EnableAVX2=0 "${charrnn_release[@]}" || status=1
  trained_way "$cell" jit-scalar 2 env DOTNET_EnableHWIntrinsic=0 "${charrnn_release[@]}" || status=1
  if ((has_v4)); then
    trained_way "$cell" jit-vector512 2 env DOTNET_MaxVectorTBitWidth=512 "${charrnn_release[@]}" || status=1
  fi
  trained_way "$cell" aot-x64 2 artifacts/aot-trainer/charrnn || status=1
  trained_way "$cell" aot-arm64 2 qemu-aarch64-static -L /usr/aarch64-linux-gnu artifacts/aot-trainer-arm64/charrnn || status=1
  return $status
}
step "training: charrnn as NativeAOT binaries, linux-x64 and linux-arm64 (run under qemu)"
# Their own native obj folders, apart from the ConsoleSampler's.
check "NativeAOT charrnn linux-x64 publish" dotnet publish src/Trainer -c Release -r linux-x64 -p:PublishAot=true \
  -p:PackAsTool=false -p:NativeIntermediateOutputPath="$PWD/artifacts/obj/aot-trainer/" -o artifacts/aot-trainer -v quiet -nologo
check "NativeAOT charrnn linux-arm64 publish" dotnet publish src/Trainer -c Release -r linux-arm64 -p:PublishAot=true \
  -p:PackAsTool=false -p:CppCompilerAndLinker=clang-14 -p:ObjCopyName=aarch64-linux-gnu-objcopy -p:InvariantGlobalization=true \
  -p:NativeIntermediateOutputPath="$PWD/artifacts/obj/aot-trainer-arm64/" -o artifacts/aot-trainer-arm64 -v quiet -nologo
step "training: each cell at 1, 2 and 4 threads, Debug, the JIT at each width, NativeAOT x64 and arm64: the same model file"
for cell in rnn lstm gru; do
  check "train $cell" same_training "$cell"
done

step "training is sensitive: a trainer whose exp is one ulp off must write another model file"
# A copy of the trainer and runtime sources with exp's second Taylor coefficient one ulp above 0.5, built apart.
perturbed_trainer() {
  local copy=$out/perturbed-trainer
  rm -rf "$copy" && mkdir -p "$copy/src" && cp -r src/Trainer src/Runtime "$copy/src/" && rm -rf "$copy"/src/*/{bin,obj} || return 1
  sed -i 's/C2 = 0\.5f,/C2 = 0.50000006f,/' "$copy/src/Runtime/Kernels/DeterministicMath.cs"
  if ! grep -q 'C2 = 0.50000006f,' "$copy/src/Runtime/Kernels/DeterministicMath.cs"; then
    echo "  could not perturb exp (the line the sed edits moved?)" >&2
    return 1
  fi
  dotnet build "$copy/src/Trainer" -c Release -v quiet -nologo >&2 || return 1
  # shellcheck disable=SC2046
  dotnet "$copy/src/Trainer/bin/Release/net10.0/charrnn.dll" $(train_args lstm "$out/train-lstm-perturbed.charrnn") \
    > /dev/null 2> "$out/train-lstm-perturbed.err" || return 1
  if cmp -s "$out/train-lstm-expected.charrnn" "$out/train-lstm-perturbed.charrnn"; then
    echo "  the perturbed trainer wrote the same lstm model: the training cases cannot show a one-ulp difference" >&2
    return 1
  fi
}
check "one ulp changes the trained lstm" perturbed_trainer
