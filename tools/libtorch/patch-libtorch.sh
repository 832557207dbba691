#!/usr/bin/env bash
# Makes TorchSharp-cpu load on Debian 12's libstdc++ (GCC 12, GLIBCXX_3.4.30) by patching the restored NuGet package in
# place: libLibTorchSharp.so asks for GLIBCXX_3.4.32 for one symbol only, std::ios_base_library_init. Idempotent; run it
# once after each fresh restore of TorchSharp-cpu. See README.md.
# Usage: tools/libtorch/patch-libtorch.sh [NUGET_PACKAGES_DIR]   (default: $NUGET_PACKAGES or ~/.nuget/packages)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
die() { echo "patch-libtorch: $*" >&2; exit 1; }

packages=${1:-${NUGET_PACKAGES:-$HOME/.nuget/packages}}
version=$(sed -nE 's/.*PackageVersion Include="TorchSharp-cpu" Version="([^"]+)".*/\1/p' "$repo/Directory.Packages.props")
[[ -n $version ]] || die "no TorchSharp-cpu version in $repo/Directory.Packages.props"
nuspec=$packages/torchsharp-cpu/$version/torchsharp-cpu.nuspec
[[ -f $nuspec ]] || die "TorchSharp-cpu $version is not restored in $packages: run 'dotnet restore tools/torch-fixtures' first"
libtorch_version=$(sed -nE 's/.*dependency id="libtorch-cpu" version="([^"]+)".*/\1/p' "$nuspec" | head -1)
native=$packages/torchsharp/$version/runtimes/linux-x64/native
libtorch_native=$packages/libtorch-cpu-linux-x64/$libtorch_version/runtimes/linux-x64/native
lib=$native/libLibTorchSharp.so
[[ -f $lib && -f $libtorch_native/libtorch_cpu.so ]] || die "$lib or libtorch $libtorch_version missing: restore again"
command -v patchelf > /dev/null || die "patchelf not found: apt-get install -y patchelf"
command -v cc > /dev/null || die "no C compiler (cc) found: apt-get install -y gcc"

loads() { LD_LIBRARY_PATH=$libtorch_native python3 -c 'import ctypes, sys; ctypes.CDLL(sys.argv[1])' "$lib" 2> /dev/null; }
if loads; then echo "patch-libtorch: $lib already loads here; nothing to do"; exit 0; fi

# The shim lives beside the library in the package and is named by absolute path, because builds copy only the
# package's own files into an app (and BenchmarkDotNet builds its own app): every copy then finds it.
shim=$native/libcharrnn_ios_base_init.so
cc -shared -fPIC -O2 -o "$shim.tmp" "$here/ios_base_library_init.c" && mv "$shim.tmp" "$shim"
symbol=_ZSt21ios_base_library_initv
if [[ $(readelf --dyn-syms -W "$lib") == *"$symbol@GLIBCXX_3.4.32"* ]]; then # no grep -q: SIGPIPE under pipefail
  patchelf --clear-symbol-version "$symbol" "$lib"
fi
[[ $'\n'$(patchelf --print-needed "$lib")$'\n' == *$'\n'"$shim"$'\n'* ]] || patchelf --add-needed "$shim" "$lib"
python3 "$here/weaken_version_need.py" "$lib" libstdc++.so.6 GLIBCXX_3.4.32

loads || die "$lib still does not load; run: LD_LIBRARY_PATH=$libtorch_native python3 -c 'import ctypes; ctypes.CDLL(\"$lib\")'"
echo "patch-libtorch: patched $lib; TorchSharp-cpu $version (libtorch $libtorch_version) loads"
