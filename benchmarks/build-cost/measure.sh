#!/usr/bin/env bash
# Build cost of baked models (issue 4; results in docs/embedding.md, "Build cost" and "Int8 models"). Writes
# random-weight LSTM models of about 100k, 1M and 4M parameters (or those SIZES names, below), bakes each into a
# throwaway console app under a temporary folder (ProjectReference to src/Runtime and src/Generator, like
# .ci/consumer-check), and rebuilds that app, and the same app without a model, with
#   dotnet build -c Release --no-restore --no-dependencies --no-incremental -p:UseSharedCompilation=false -nodeReuse:false
# For each it prints the build's wall time (the fastest of RUNS builds), its growth over the app without a model,
# and the peak RSS of the compiler (csc, which runs the generator), sampled every 0.2 s. Exits non-zero, with the
# build log, if a build fails.
#
# Run it on an idle machine, from anywhere (about 2 minutes on 2 cores; not part of CI, it is too slow):
#   benchmarks/build-cost/measure.sh
#   SIZES="1M:269" RUNS=1 benchmarks/build-cost/measure.sh   # LABEL:HIDDEN pairs (lstm, 2 layers of HIDDEN); builds
#                                                               # per app (default 3; the fastest is reported)
#   SIZES="gru-f32:gru:2:448:65 gru-int8:gru:2:448:65:int8" benchmarks/build-cost/measure.sh
#                                        # LABEL:CELL:LAYERS:HIDDEN:VOCAB[:int8], the int8 ones quantized by MakeModel
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
sizes=${SIZES:-"100k:73 1M:269 4M:557"}
runs=${RUNS:-3}
[[ -x /usr/bin/time ]] || { echo "measure.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/charrnn-build-cost.XXXXXX")
trap 'rm -rf "$work"' EXIT
source "$repo/.ci/consumer-lib.sh"
references="<ProjectReference Include=\"$repo/src/Runtime/CharRnn.Runtime.csproj\" />
    <ProjectReference Include=\"$repo/src/Generator/CharRnn.Generator.csproj\" OutputItemType=\"Analyzer\" ReferenceOutputAssembly=\"false\" />"
# The apps must not pick up a Directory.Build.* from a folder above the temporary one.
echo '<Project />' > "$work/Directory.Build.props"
echo '<Project />' > "$work/Directory.Build.targets"

fail() { [[ -f ${2:-} ]] && tail -40 "$2" >&2; echo "measure.sh: $1" >&2; exit 1; }

dotnet build "$repo/benchmarks/build-cost/MakeModel" -c Release -nologo > "$work/make-model.log" 2>&1 \
  || fail "MakeModel does not build" "$work/make-model.log"
make_model=(dotnet "$repo/benchmarks/build-cost/MakeModel/bin/Release/net10.0/MakeModel.dll")

# csc_rss PID: the largest RSS (KiB) of a csc process descended from PID, 0 when there is none.
csc_rss() {
  ps -eo pid=,ppid=,rss=,args= | awk -v root="$1" '
    { parent[$1] = $2; rss[$1] = $3; if ($0 ~ /Roslyn\/bincore\/csc/) csc[$1] = 1 }
    END {
      max = 0
      for (p in csc) { q = p; while (q != root && q > 1 && (q in parent)) q = parent[q]; if (q == root && rss[p] > max) max = rss[p] }
      print max
    }'
}

# measure DIR: rebuilds the app in DIR $runs times; sets $wall (the fastest build, seconds) and $peak (csc's
# largest RSS over the builds, KiB).
measure() {
  local log=$1/build.log pid rss run
  wall='' peak=0
  for (( run = 0; run < runs; run++ )); do
    /usr/bin/time -f %e -o "$1/wall" dotnet build "$1" -c Release -nologo --no-restore --no-dependencies \
      --no-incremental -p:UseSharedCompilation=false -nodeReuse:false > "$log" 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      rss=$(csc_rss "$pid")
      (( rss > peak )) && peak=$rss
      sleep 0.2
    done
    wait "$pid" || fail "$1 does not build" "$log"
    grep -qE '\b0 Error\(s\)' "$log" || fail "$1 does not build" "$log"
    wall=$(awk -v a="$wall" -v b="$(tail -1 "$1/wall")" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }')
  done
  (( peak > 0 )) || fail "no csc process seen while building $1" "$log"
}

# row LABEL PARAMETERS DIR: the table row of the app in DIR, just measured (growth is against $base).
row() {
  awk -v label="$1" -v n="$2" -v wall="$wall" -v base="${base:-}" -v peak="$peak" \
    -v dll="$(stat -c %s "$3/bin/Release/net10.0/App.dll")" 'BEGIN {
      count = ""; for (i = length(n); i > 3; i -= 3) count = "," substr(n, i - 2, 3) count; count = substr(n, 1, i) count
      growth = base == "" ? "" : sprintf("%+.1f", wall - base)
      printf "| %s | %s | %.1f | %s | %d | %.2f |\n", label, count, wall, growth, peak * 1024 / 1e6, dll / 1e6 }'
}

# The app without a model: also builds src/Runtime and src/Generator once, before anything is measured.
write_docs_app "$work/empty" "$references"
sed -i '/AdditionalFiles/d' "$work/empty/App.csproj"
echo 'System.Console.WriteLine(new CharRnn.SamplingOptions { Seed = 1 });' > "$work/empty/Program.cs"
dotnet build "$work/empty" -c Release -nologo > "$work/empty/warmup.log" 2>&1 \
  || fail "the empty app does not build" "$work/empty/warmup.log"
measure "$work/empty"
rows=$(row "empty app" 0 "$work/empty")
base=$wall

for size in $sizes; do
  IFS=: read -r label cell layers hidden vocab format <<< "$size"
  [[ -n $layers ]] || { hidden=$cell cell=lstm layers=2 vocab=96 format=''; }
  dir=$work/$label
  write_docs_app "$dir" "$references"
  mkdir -p "$dir/Models"
  parameters=$("${make_model[@]}" "$cell" "$layers" "$hidden" "$dir/Models/docs.charrnn" "$vocab" $format) \
    || fail "MakeModel failed for $size"
  dotnet restore "$dir" -nologo > "$dir/restore.log" 2>&1 || fail "$dir does not restore" "$dir/restore.log"
  measure "$dir"
  rows+=$'\n'$(row "$label ($cell $layers×$hidden${format:+, $format})" "$parameters" "$dir")
done

echo "| model | parameters | build (s) | growth (s) | csc peak RSS (MB) | App.dll (MB) |"
echo "|---|---:|---:|---:|---:|---:|"
echo "$rows"
echo
echo "Fastest of $runs builds each; 1-minute load average at the end: $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores."
