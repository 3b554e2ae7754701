#!/usr/bin/env bash
# Clean-build time and generated C# size on a large real-world set (benchmarks/googleapis.sh: 322 googleapis files),
# ProtoGen against Grpc.Tools (protoc + grpc_csharp_plugin), each in a fresh project outside the repository, with gRPC
# stubs on both sides. Then the generator's own time per phase (in process) beside protoc's time for the same files.
# Usage: [WARMUP=1] benchmarks/build-time.sh [runs]   (default 3; clean builds alternate ProtoGen, Grpc.Tools, ProtoGen, ...;
# WARMUP=1 first builds each once untimed)
# ProtoGen is used as its package installs it: the generator and compiler as analyzers, build/ProtoGen.props, a
# reference to ProtoGen.Runtime (built here in Release first, so neither clean build includes building ProtoGen).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
grpc_version=2.85.0
protobuf_version=3.36.2
set=$(bash "$root/benchmarks/googleapis.sh")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log=$work/log.txt

echo "building ProtoGen (Release) ..." >&2
dotnet build -c Release --nologo -v:q "$root/src/ProtoGen.SourceGenerator/ProtoGen.SourceGenerator.csproj" > "$log" 2>&1 || { cat "$log"; exit 1; }
dotnet build -c Release --nologo -v:q -f net10.0 "$root/src/ProtoGen.Runtime/ProtoGen.Runtime.csproj" > "$log" 2>&1 || { cat "$log"; exit 1; }
generator=$root/src/ProtoGen.SourceGenerator/bin/Release/netstandard2.0
runtime=$root/src/ProtoGen.Runtime/bin/Release/net10.0/ProtoGen.Runtime.dll

mkdir -p "$work/protogen" "$work/grpctools"
cp -r "$set/google" "$work/protogen/"
cp -r "$set/google" "$work/grpctools/"
cat > "$work/protogen/Gapis.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <Import Project="$root/src/ProtoGen.SourceGenerator/build/ProtoGen.props" />
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>disable</ImplicitUsings>
    <Nullable>disable</Nullable>
  </PropertyGroup>
  <ItemGroup>
    <Analyzer Include="$generator/ProtoGen.SourceGenerator.dll;$generator/ProtoGen.Compiler.dll" />
    <Reference Include="$runtime" />
    <PackageReference Include="Grpc.Core.Api" Version="$grpc_version" />
  </ItemGroup>
</Project>
XML
cat > "$work/grpctools/Gapis.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>disable</ImplicitUsings>
    <Nullable>disable</Nullable>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Google.Protobuf" Version="$protobuf_version" />
    <PackageReference Include="Grpc.Core.Api" Version="$grpc_version" />
    <PackageReference Include="Grpc.Tools" Version="$grpc_version" PrivateAssets="All" />
    <Protobuf Include="google/**/*.proto" ProtoRoot="." GrpcServices="Both" />
  </ItemGroup>
</Project>
XML

for side in protogen grpctools; do
  (cd "$work/$side" && dotnet restore --nologo -v:q > "$log" 2>&1) || { cat "$log"; exit 1; }
done
clean_build() { # side -> milliseconds of a clean Release build (restore done)
  local dir=$work/$1
  rm -rf "$dir/bin" "$dir/obj/Release"
  local start
  start=$(date +%s%N)
  (cd "$dir" && dotnet build -c Release --no-restore --nologo -v:q -clp:ErrorsOnly > "$log" 2>&1) || { cat "$log" >&2; exit 1; }
  echo $(( ($(date +%s%N) - start) / 1000000 ))
}
if [ "${WARMUP:-0}" = 1 ]; then
  echo "warm-up builds ..." >&2
  clean_build protogen > /dev/null
  clean_build grpctools > /dev/null
fi
protogen_times=()
grpctools_times=()
for i in $(seq "$runs"); do
  protogen_times+=("$(clean_build protogen)")
  grpctools_times+=("$(clean_build grpctools)")
  echo "run $i: ProtoGen ${protogen_times[-1]} ms, Grpc.Tools ${grpctools_times[-1]} ms" >&2
done
median() { printf '%s\n' "$@" | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'; }
protogen_ms=$(median "${protogen_times[@]}")
grpctools_ms=$(median "${grpctools_times[@]}")

# Generated C#: ProtoGen's as the compiler writes it out (EmitCompilerGeneratedFiles), protoc's as Grpc.Tools leaves it
# in obj/. Both include the embedded descriptors (protoc's base64 FileDescriptorProto in each *Reflection class).
rm -rf "$work/protogen/bin" "$work/protogen/obj/Release" # an up-to-date build would write no generated files
(cd "$work/protogen" && dotnet build -c Release --no-restore --nologo -v:q -p:EmitCompilerGeneratedFiles=true \
  -p:CompilerGeneratedFilesOutputPath="$work/protogen-generated" > "$log" 2>&1) || { cat "$log"; exit 1; }
protogen_bytes=$(find "$work/protogen-generated" -name '*.cs' -print0 | xargs -0 cat | wc -c)
protogen_files=$(find "$work/protogen-generated" -name '*.cs' | wc -l)
grpctools_bytes=$(find "$work/grpctools/obj/Release" -name '*.cs' ! -name '*AssemblyInfo.cs' ! -name '*AssemblyAttributes.cs' ! -name '*GlobalUsings.g.cs' -print0 | xargs -0 cat | wc -c)
grpctools_files=$(find "$work/grpctools/obj/Release" -name '*.cs' ! -name '*AssemblyInfo.cs' ! -name '*AssemblyAttributes.cs' ! -name '*GlobalUsings.g.cs' | wc -l)

# protoc alone on the same files, one process for all of them: C# and gRPC outputs, in folders
# by namespace (base_namespace=) so that files with the same name in different packages do not collide.
tools=$HOME/.nuget/packages/grpc.tools/$grpc_version/tools/linux_x64
include=$HOME/.nuget/packages/grpc.tools/$grpc_version/build/native/include
mapfile -t files < <(cd "$set" && find google -name '*.proto' | sort)
protoc_times=()
for i in $(seq 0 "$runs"); do
  out=$work/protoc-out
  rm -rf "$out" && mkdir -p "$out"
  start=$(date +%s%N)
  (cd "$set" && "$tools/protoc" -I. -I"$include" --csharp_out="$out" --csharp_opt=base_namespace= --grpc_out="$out" --grpc_opt=base_namespace= --plugin=protoc-gen-grpc="$tools/grpc_csharp_plugin" "${files[@]}")
  [ "$i" = 0 ] || protoc_times+=($(( ($(date +%s%N) - start) / 1000000 )))
done
protoc_ms=$(median "${protoc_times[@]}")

echo "generator phases (in process) ..." >&2
dotnet build -c Release --nologo -v:q "$root/benchmarks/ProtoGen.Benchmarks/ProtoGen.Benchmarks.csproj" > "$log" 2>&1 || { cat "$log"; exit 1; }
phases=$(dotnet run -c Release --no-build --project "$root/benchmarks/ProtoGen.Benchmarks" -- --phases "$set" --passes 5)

awk -v pg="$protogen_ms" -v gt="$grpctools_ms" -v pb="$protogen_bytes" -v gb="$grpctools_bytes" -v pf="$protogen_files" -v gf="$grpctools_files" \
    -v protoc="$protoc_ms" -v n="${#files[@]}" -v runs="$runs" -v phases="$phases" -v date="$(date -u '+%Y-%m-%d %H:%M UTC')" \
    -v cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores" 'BEGIN {
  printf "%s; %s; %d googleapis files (google-proto-files 6.0.1), gRPC stubs on both sides\n", date, cpu, n
  printf "clean build, median of %d (alternated): ProtoGen %.1f s, Grpc.Tools %.1f s: ratio %.2f (target <= 0.80: %s)\n", runs, pg / 1000, gt / 1000, pg / gt, pg / gt <= 0.8 ? "met" : "NOT met"
  printf "generated C#: ProtoGen %.2f MB in %d files, protoc %.2f MB in %d files: ratio %.2f (target <= 0.75: %s)\n", pb / 1e6, pf, gb / 1e6, gf, pb / gb, pb / gb <= 0.75 ? "met" : "NOT met"
  printf "protoc --csharp_out --grpc_out, same files, median of %d: %d ms\n", runs, protoc
  printf "ProtoGen compiler, %s\n", phases
}'
