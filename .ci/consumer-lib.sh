# Sourced by .ci/consumer-check (project references) and .ci/package-check (the packed CharRnn package): the parts of
# "a new user's first app" that both build. The caller sets $repo, $work and the array charrnn=(command to run charrnn).

# train_docs_model MODEL: a small model of another corpus, this repository's own docs plus characters Tiny
# Shakespeare never had, trained in a few seconds.
train_docs_model() {
  { cat "$repo/README.md" "$repo/docs/"*.md; printf 'Ünïcödé «quotes» — 😀 \\ "done" */\n'; } > "$work/corpus.txt"
  mkdir -p "$(dirname "$1")"
  "${charrnn[@]}" train --corpus "$work/corpus.txt" --hidden 32 --batch-size 4 --seq-length 25 --max-steps 60 \
    --sample-every 0 --out "$1" 2>/dev/null
}

# write_docs_app DIR REFERENCES: a console app that bakes DIR/Models/docs.charrnn; REFERENCES are the MSBuild items
# that bring the runtime and the generator.
write_docs_app() {
  mkdir -p "$1"
  cat > "$1/App.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    $2
    <AdditionalFiles Include="Models/docs.charrnn" />
  </ItemGroup>
</Project>
XML
  cat > "$1/Program.cs" <<'CS'
using CharRnn;

var options = new SamplingOptions { Seed = ulong.Parse(args[0]), Temperature = float.Parse(args[1]) };
Span<char> text = stackalloc char[1000];
int written = DocsModel.Generate("The ", text, options);
using var stdout = Console.OpenStandardOutput();
stdout.Write(System.Text.Encoding.UTF8.GetBytes("The " + text[..written].ToString()));

[CharRnnModel("Models/docs.charrnn")]
internal static partial class DocsModel;
CS
}

# build_without_warnings DIR: dotnet build in Release; fails, showing the log, on an error or any warning.
build_without_warnings() {
  local log
  log=$(dotnet build "$1" -c Release -nologo 2>&1) || { echo "$log" >&2; echo "$1 does not build" >&2; return 1; }
  grep -qE '\b0 Warning\(s\)' <<<"$log" || { echo "$log" >&2; echo "$1 builds with warnings" >&2; return 1; }
}

# docs_app_matches_cli APP_DLL MODEL: the docs app prints what `charrnn sample` prints for MODEL, for three seeds.
docs_app_matches_cli() {
  local seed app cli
  for seed in 1 2 3; do
    # Generate fills 1000 UTF-16 units (fewer characters when some need two), so the app's bytes must be a
    # prefix of charrnn sample's 1000 characters, and at least 1000 bytes long.
    app=$(dotnet "$1" "$seed" 0.9 | od -An -v -tx1)
    (( $(wc -w <<<"$app") >= 1000 )) || { echo "$1 printed too little for seed $seed" >&2; return 1; }
    cli=$("${charrnn[@]}" sample --model "$2" --seed "$seed" --temperature 0.9 --prime "The " --length 1000 | od -An -v -tx1)
    [[ "${cli//$'\n'/}" == "${app//$'\n'/}"* ]] || { echo "$1 and charrnn sample differ for seed $seed" >&2; return 1; }
  done
}

# markdown_block FILE NAME: the fenced code block that follows the line "<!-- example: NAME -->" in FILE, verbatim.
markdown_block() {
  awk -v marker="<!-- example: $2 -->" '
    $0 == marker { found = 1; next }
    found && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }
  ' "$1"
}
