#!/usr/bin/env bash
# How many of the NameGenerator's names are already in its training list, data/cities/names.txt: prints a markdown
# table row for each temperature (README.md, "How new are the names").
#   samples/NameGenerator/novelty.sh [COUNT [SEED [TEMPERATURE...]]]      # defaults: 2000 1 1 0.7
# NAME_GENERATOR may name a built app (the NativeAOT binary, say); otherwise this builds it in Release.
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-2000}
seed=${2:-1}
temperatures=("${@:3}")
((${#temperatures[@]})) || temperatures=(1 0.7)

app=${NAME_GENERATOR:-}
if [[ -z $app ]]; then
  dotnet build samples/NameGenerator -c Release -v quiet -nologo >&2
  app=samples/NameGenerator/bin/Release/net10.0/NameGenerator
fi

names=$(mktemp)
trap 'rm -f "$names"' EXIT
echo "| --temperature | names | in names.txt | distinct among them |"
echo "|---|---:|---:|---:|"
for temperature in "${temperatures[@]}"; do
  "$app" --count "$count" --seed "$seed" --temperature "$temperature" > "$names"
  # Whole lines, byte for byte: a name counts when the list has exactly that line.
  LC_ALL=C awk -v t="$temperature" '
    NR == FNR { known[$0]; next }
    { total++; if ($0 in known) found++; if (!($0 in seen)) { seen[$0]; distinct++ } }
    END { printf "| %s | %d | %d (%.1f%%) | %d |\n", t, total, found, 100 * found / total, distinct }
  ' data/cities/names.txt "$names"
done
