#!/usr/bin/env bash
# Times `protoc --csharp_out` (from the Grpc.Tools package) on the files CompilerBenchmarks compiles:
# sample-protos/, benchmarks/protos/ and the well-known types. Each run is a fresh protoc process, as in a build.
# Usage: benchmarks/protoc-time.sh [runs]   (needs a restored Grpc.Tools, e.g. after `dotnet build`)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
tools=$(ls -d ~/.nuget/packages/grpc.tools/*/ | sort -V | tail -1)
protoc="$tools/tools/linux_x64/protoc"
include="$tools/build/native/include"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

files=()
while IFS= read -r f; do files+=("$f"); done < <(cd sample-protos && find . -name '*.proto' | sed 's|^\./||' | sort)
while IFS= read -r f; do files+=("$f"); done < <(cd benchmarks/protos && find . -name '*.proto' | sed 's|^\./||' | sort)
for wkt in any api duration empty field_mask source_context struct timestamp type wrappers descriptor; do
  files+=("google/protobuf/$wkt.proto")
done

run() { "$protoc" -Isample-protos -Ibenchmarks/protos -I"$include" --csharp_out="$out" "${files[@]}"; }
run # warm the file cache
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  run
  times+=($(( ($(date +%s%N) - start) / 1000 )))
done
printf '%s\n' "${times[@]}" | sort -n | awk -v n="${#files[@]}" -v v="$("$protoc" --version)" '
  { t[NR] = $1 }
  END { printf "%s, %d files, %d runs: median %.1f ms, min %.1f ms\n", v, n, NR, t[int((NR + 1) / 2)] / 1000, t[1] / 1000 }'
