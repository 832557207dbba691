#!/usr/bin/env bash
# Start-up cost of the NativeAOT ConsoleSampler (issue 6: process start to first character <= 10 ms, peak RSS
# <= 16 MB; results in docs/performance.md, "Start and memory"). Publishes the sampler for linux-x64 (or takes
# CHARRNN_CONSOLE_SAMPLER, an already published one), then times RUNS runs (default 50) of
#   ConsoleSampler --length 1        (start, bake nothing at run time, sample one character, exit)
# beside RUNS runs of /bin/true, the cost of starting any process from this shell, and prints the median and the
# fastest wall time of each; and the peak RSS (/usr/bin/time -v) for 1 and for 10,000 characters.
#   benchmarks/aot-start/measure.sh
#   RUNS=200 CHARRNN_CONSOLE_SAMPLER=artifacts/aot/ConsoleSampler benchmarks/aot-start/measure.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
runs=${RUNS:-50}
[[ -x /usr/bin/time ]] || { echo "measure.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
sampler=${CHARRNN_CONSOLE_SAMPLER:-}
if [[ -z $sampler ]]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/charrnn-aot-start.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  dotnet publish "$repo/samples/ConsoleSampler" -c Release -r linux-x64 -o "$work" -nologo -v quiet > "$work/publish.log" 2>&1 \
    || { tail -40 "$work/publish.log" >&2; echo "measure.sh: the NativeAOT publish failed" >&2; exit 1; }
  sampler=$work/ConsoleSampler
fi

# times COMMAND...: runs it $runs times (after one unmeasured run); prints "median fastest" in milliseconds.
times() {
  local i start end
  local -a ns=()
  "$@" > /dev/null
  for (( i = 0; i < runs; i++ )); do
    start=$(date +%s%N)
    "$@" > /dev/null
    end=$(date +%s%N)
    ns+=($(( end - start )))
  done
  printf '%s\n' "${ns[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f %.2f\n", v[int((NR + 1) / 2)] / 1e6, v[1] / 1e6 }'
}

rss() { # peak RSS in MB of COMMAND...
  /usr/bin/time -f %M "$@" 2>&1 > /dev/null | tail -1 | awk '{ printf "%.1f\n", $1 / 1024 }'
}

read -r sampler_median sampler_fastest < <(times "$sampler" --length 1)
read -r true_median true_fastest < <(times /bin/true)
echo "binary: $sampler ($(stat -c %s "$sampler") bytes), $runs runs each, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| what | median ms | fastest ms |"
echo "|---|---|---|"
echo "| ConsoleSampler --length 1 (start to first character, and exit) | $sampler_median | $sampler_fastest |"
echo "| /bin/true (starting any process) | $true_median | $true_fastest |"
echo "| peak RSS, --length 1 | $(rss "$sampler" --length 1) MB | |"
echo "| peak RSS, --length 10000 | $(rss "$sampler" --length 10000) MB | |"
