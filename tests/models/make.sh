#!/usr/bin/env bash
# Remakes the random-weight models that scripts/determinism.sh samples (tools/reference-sampler/make_test_model.py
# says why they are chaotic). Hidden sizes are not multiples of the vector widths, so the kernels' tails run too.
set -euo pipefail
cd "$(dirname "$0")"
make=../../tools/reference-sampler/make_test_model.py
/usr/bin/python3 "$make" --cell rnn --layers 2 --hidden 45 --gain 3 --seed 1 --out rnn-chaotic.charrnn
/usr/bin/python3 "$make" --cell lstm --layers 2 --hidden 37 --gain 8 --seed 2 --out lstm-chaotic.charrnn
/usr/bin/python3 "$make" --cell gru --layers 2 --hidden 29 --gain 8 --seed 3 --out gru-chaotic.charrnn
