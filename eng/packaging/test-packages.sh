#!/usr/bin/env bash
# Proves the packages the way a user gets them (called by .ci/run after dotnet test; runnable alone):
#  1. dotnet pack ProtoGen.sln into a package folder;
#  2. a fresh project in a temporary folder outside the repository (eng/packaging/consumer: PackageReference to ProtoGen,
#     Grpc.AspNetCore.Server and Grpc.Net.Client, .proto files dropped in, googleapis files from the npm package
#     google-proto-files under third_party/ with ProtoRoot) is restored from that folder and the usual feed, built with
#     warnings as errors and run: a gRPC server on 127.0.0.1 and a client calling it;
#  3. what the package put into that project is checked: the files it installed, its one dependency, nothing of the
#     generator's in the program's output;
#  4. protoc-gen-protogen is installed from the folder as a local tool; protoc (Grpc.Tools) and buf run it, and both
#     must write exactly what the generator wrote for the same files in step 2.
# NuGet's global package cache would hand back an older package of the same version: the fresh project and the tool
# restore into a package cache of their own inside the temporary folder. PROTOGEN_KEEP_TEMP=1 keeps the folder.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
here=$repo/eng/packaging
work=$(mktemp -d "${TMPDIR:-/tmp}/protogen-packages.XXXXXX")
if [ "${PROTOGEN_KEEP_TEMP:-}" = 1 ]; then echo "temporary folder: $work"; else trap 'rm -rf "$work"' EXIT; fi

fail() { echo "test-packages: $*" >&2; exit 1; }
step() { echo "test-packages: [$((SECONDS - started)) s] $*"; }
started=$SECONDS

# ---- 1. pack (with the repository's own package cache)
packages=$work/packages
step "packing into $packages"
dotnet pack "$repo/ProtoGen.sln" -c Release -o "$packages" --nologo -v q -p:CI=true > "$work/pack.log" 2>&1 \
  || { cat "$work/pack.log"; fail "dotnet pack failed"; }
version=$(dotnet msbuild "$repo/src/ProtoGen.Package/ProtoGen.Package.csproj" -getProperty:Version)
for package in ProtoGen ProtoGen.Runtime ProtoGen.Grpc.Reflection protoc-gen-protogen; do
  [ -f "$packages/$package.$version.nupkg" ] || fail "no $package.$version.nupkg in $packages: $(ls "$packages")"
done
for symbols in ProtoGen.Runtime ProtoGen.Grpc.Reflection protoc-gen-protogen; do
  [ -f "$packages/$symbols.$version.snupkg" ] || fail "no symbol package $symbols.$version.snupkg"
done
# The protoc and include folder of Grpc.Tools, as the repository restored it.
grpc_tools=$(dotnet msbuild "$repo/src/ProtoGen.Compiler/ProtoGen.Compiler.csproj" -getProperty:PkgGrpc_Tools)
protoc=$grpc_tools/tools/linux_x64/protoc
include=$grpc_tools/build/native/include
[ -x "$protoc" ] || chmod +x "$protoc" 2>/dev/null || fail "no protoc at $protoc"

# From here on NuGet works as on a user's machine with nothing of ProtoGen cached.
export NUGET_PACKAGES=$work/nuget-packages
cat > "$work/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$packages" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
</configuration>
CONFIG

# ---- 2. the fresh project
app=$work/consumer
mkdir -p "$app/third_party"
cp -r "$here/consumer/." "$app/"
npm install --prefix "$work/npm" --no-save --no-audit --no-fund google-proto-files@6.0.1 > "$work/npm.log" 2>&1 \
  || { cat "$work/npm.log"; fail "npm could not install google-proto-files"; }
googleapis=$work/npm/node_modules/google-proto-files/google
for folder in api type rpc longrunning iam/v1; do
  mkdir -p "$app/third_party/google/$folder"
  cp "$googleapis/$folder"/*.proto "$app/third_party/google/$folder/"
done
proto_count=$(find "$app" -name '*.proto' | wc -l)
step "building the fresh project ($proto_count .proto files, ProtoGen $version)"
(cd "$app" && dotnet build -c Release --nologo -p:PROTOGEN_VERSION="$version" > "$work/build.log" 2>&1) \
  || { grep -E 'error|warning' "$work/build.log" | sort -u | head -40; fail "the fresh project did not build"; }
step "running it"
(cd "$app" && timeout 120 dotnet bin/Release/net10.0/Consumer.dll) || fail "the fresh project's gRPC run failed"
step "checking what the package brought"

# ---- 3. what the package brought
installed=$NUGET_PACKAGES/protogen/$version
expected="README.md
analyzers/dotnet/cs/ProtoGen.Analyzers.dll
analyzers/dotnet/cs/ProtoGen.Compiler.dll
analyzers/dotnet/cs/ProtoGen.SourceGenerator.dll
build/ProtoGen.props
buildTransitive/ProtoGen.props"
# Every file of the package as NuGet extracted it, less NuGet's own (.nupkg, .nuspec, hashes, metadata).
actual=$(cd "$installed" && find . -type f ! -name '*.nupkg' ! -name '*.sha512' ! -name '*.nuspec' ! -name '.nupkg.metadata' | sed 's|^\./||' | LC_ALL=C sort)
[ "$actual" = "$expected" ] || fail "the ProtoGen package holds$(printf '\n%s' "$actual")
instead of$(printf '\n%s' "$expected")"
# Dependencies as NuGet resolved them for the fresh project: ProtoGen brings ProtoGen.Runtime and nothing else, and
# nothing of the generator's (Roslyn, the compiler assembly) reaches the project.
node -e '
  const assets = require(process.argv[1]);
  const libs = Object.keys(assets.libraries);
  const target = assets.targets["net10.0"];
  const deps = name => Object.keys((target[libs.find(l => l.split("/")[0] === name)] || {}).dependencies || {});
  const problems = [];
  if (deps("ProtoGen").join() !== "ProtoGen.Runtime") problems.push("ProtoGen depends on [" + deps("ProtoGen") + "]");
  if (deps("ProtoGen.Runtime").length) problems.push("ProtoGen.Runtime depends on [" + deps("ProtoGen.Runtime") + "]");
  for (const lib of libs) if (/^(Microsoft\.CodeAnalysis|ProtoGen\.(Compiler|SourceGenerator))/i.test(lib)) problems.push(lib + " reached the project");
  if (problems.length) { console.error(problems.join("\n")); process.exit(1); }
' "$app/obj/project.assets.json" || fail "package dependencies are wrong"
[ -f "$app/bin/Release/net10.0/ProtoGen.Runtime.dll" ] || fail "ProtoGen.Runtime.dll is not in the program's output"
for leaked in ProtoGen.Analyzers.dll ProtoGen.Compiler.dll ProtoGen.SourceGenerator.dll Microsoft.CodeAnalysis.dll; do
  [ ! -e "$app/bin/Release/net10.0/$leaked" ] || fail "$leaked was copied into the program's output"
done
generated=$app/obj/Release/net10.0/generated/ProtoGen.SourceGenerator/ProtoGen.SourceGenerator.ProtoGenGenerator
[ -f "$generated/greeter.v1.greeter.g.cs" ] || fail "the generator wrote no greeter.v1.greeter.g.cs under $generated"

# ---- 4. the plugin as a local tool, run by protoc and by buf
step "running protoc-gen-protogen as a local tool under protoc and buf"
# dotnet tool run finds a local tool through a resolver cache in the CLI's home (~/.dotnet/toolResolverCache), keyed by
# package and version: an earlier run's entry would point into its deleted temporary folder ("Run dotnet tool
# restore"). The CLI home of these steps is therefore the temporary folder too, like their NuGet package cache.
export DOTNET_CLI_HOME=$work/cli-home
mkdir -p "$DOTNET_CLI_HOME"
# The tool manifest sits in the temporary folder itself, so that protoc's and buf's plugin runs below it find it.
(cd "$work" && dotnet new tool-manifest > /dev/null \
  && dotnet tool install --local protoc-gen-protogen --version "$version" > "$work/tool.log" 2>&1) \
  || { cat "$work/tool.log"; fail "protoc-gen-protogen did not install as a local tool"; }
# protoc runs a plugin by path; a local tool runs through its manifest, so the path is a one-line launcher.
launcher=$work/protoc-gen-protogen
printf '#!/bin/sh\nexec dotnet tool run protoc-gen-protogen "$@"\n' > "$launcher"
chmod +x "$launcher"

# The gRPC service and its imports, compared file by file with what the generator wrote into the fresh project.
compare() { # $1: output folder of protoc or buf, $2: who
  local file
  for file in greeter.v1.greeter.g.cs greeter.v1.names.g.cs ProtoGen.GrpcMarshaller.g.cs; do
    [ -f "$1/$file" ] || fail "$2 wrote no $file (it wrote: $(ls "$1"))"
    # The compiler writes generated files to disk with a UTF-8 byte order mark; the text after it must be identical.
    sed '1s/^\xEF\xBB\xBF//' "$generated/$file" > "$work/expected.cs"
    cmp -s "$1/$file" "$work/expected.cs" || { diff "$work/expected.cs" "$1/$file" | head -20; fail "$2 wrote a different $file than the generator"; }
  done
}
mkdir -p "$work/protoc-out"
(cd "$app" && "$protoc" --plugin=protoc-gen-protogen="$launcher" --protogen_out="$work/protoc-out" \
  -I . -I third_party -I "$include" greeter/v1/greeter.proto greeter/v1/names.proto) || fail "protoc with protoc-gen-protogen failed"
compare "$work/protoc-out" protoc

buf=$repo/.tools/buf/node_modules/.bin/buf
[ -x "$buf" ] || npm install --prefix "$repo/.tools/buf" --no-save --no-audit --no-fund @bufbuild/buf@1.75.0 > /dev/null
mkdir -p "$work/buf/greeter/v1" "$work/buf/google/type"
cp "$app"/greeter/v1/*.proto "$work/buf/greeter/v1/"
cp "$app/third_party/google/type/money.proto" "$work/buf/google/type/"
cat > "$work/buf/buf.yaml" <<YAML
version: v2
YAML
cat > "$work/buf/buf.gen.yaml" <<YAML
version: v2
plugins:
  - local: ["dotnet", "tool", "run", "protoc-gen-protogen"]
    out: out
YAML
(cd "$work/buf" && "$buf" generate --path greeter) || fail "buf generate with protoc-gen-protogen failed"
compare "$work/buf/out" buf

step "all checks passed"
