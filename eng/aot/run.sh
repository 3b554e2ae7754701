#!/usr/bin/env bash
# Publish samples/ProtoGen.AotSample with native AOT and run it: the build fails on any trim or AOT warning, and the
# program exits 1 when one of its answers (binary, ProtoJSON, Any, descriptors, malformed input) is wrong.
#
# Usage: eng/aot/run.sh [--twin]
#   --twin  also publish and run the same program on Google.Protobuf (protoc's C#), whose trim/AOT warnings are
#           counted and printed, not failed on; for benchmarks/results/startup.md
#
# Needs: the .NET SDK; the ILCompiler packages come from NuGet in the restore (the SDK picks their version). The native
# link needs a C compiler driver, clang (or clang-14, as on Debian 12 where only the versioned name is installed), and
# the C library's development files (libc6-dev). Output: artifacts/aot/<protogen|google>/ProtoGen.AotSample.
set -euo pipefail
cd "$(dirname "$0")/../.."

twin=0
for arg in "$@"; do
  case $arg in
    --twin) twin=1 ;;
    *) echo "usage: $0 [--twin]" >&2; exit 2 ;;
  esac
done

case $(uname -m) in
  x86_64) rid=linux-x64 ;;
  aarch64) rid=linux-arm64 ;;
  *) echo "aot: no native AOT runtime identifier known for $(uname -m)" >&2; exit 1 ;;
esac

# The SDK calls "clang" by default; Debian 12's clang packages install only "clang-14".
cc_args=()
if ! command -v clang >/dev/null 2>&1; then
  cc=$(compgen -c clang- | grep -E '^clang-[0-9]+$' | sort -t- -k2 -n | tail -1 || true)
  if [ -z "$cc" ]; then
    echo "aot: no clang on PATH (native AOT links with it): install clang, e.g. apt-get install clang" >&2
    exit 1
  fi
  cc_args=(-p:CppCompilerAndLinker="$cc")
fi

# publish NAME [msbuild arguments...]: prints the build log's warnings and errors; fails when the publish fails.
publish() {
  local name=$1; shift
  local out=artifacts/aot/$name log
  log=$(mktemp)
  rm -rf "$out"
  if ! dotnet publish samples/ProtoGen.AotSample -c Release -r "$rid" -o "$out" --nologo "${cc_args[@]}" "$@" > "$log" 2>&1; then
    cat "$log"
    echo "aot: publishing the $name sample failed" >&2
    rm -f "$log"
    return 1
  fi
  # Trim (IL2xxx) and AOT (IL3xxx) warnings, each once.
  grep -oE 'warning IL[23][0-9]{3}:.*' "$log" | sed -E 's/ \[[^]]*\]$//' | sort -u > "$out.warnings" || true
  rm -f "$log"
  echo "aot: $name: $(wc -l < "$out.warnings") trim/AOT warnings; native binary $(stat -c %s "$out/ProtoGen.AotSample") bytes"
}

# run NAME: the published program's checks.
run() {
  local name=$1 output
  if ! output=$(timeout 60 "artifacts/aot/$1/ProtoGen.AotSample" 2>&1); then
    echo "$output"
    echo "aot: the $name sample failed" >&2
    return 1
  fi
  echo "aot: $name: $(tail -1 <<< "$output")"
}

publish protogen
if [ -s artifacts/aot/protogen.warnings ]; then
  # IlcTreatWarningsAsErrors makes these errors already; this catches a change to that setting.
  cat artifacts/aot/protogen.warnings
  echo "aot: ProtoGen's native AOT publish has trim/AOT warnings" >&2
  exit 1
fi
run protogen

if [ "$twin" = 1 ]; then
  publish google -p:AotSampleRuntime=GoogleProtobuf
  cat artifacts/aot/google.warnings
  run google
fi
