#!/usr/bin/env bash
# netstandard2.0 and .NET Framework, end to end (called from .ci/run; about a minute): a netstandard2.0 contracts
# library with .proto files (Contracts/), consumed by a .NET Framework 4.7.2 app (NetFxApp/, built: no .NET Framework
# runtime here) and a .NET 10 app (ModernApp/, run on both builds of ProtoGen.Runtime, which must write the same bytes).
set -euo pipefail
cd "$(dirname "$0")"

# C# 7.3, netstandard2.0's default: one PG0801 naming the fix, and no compiler errors from generated code.
if out=$(dotnet build Contracts --nologo -p:ContractsLangVersion=7.3 2>&1); then
  echo "$out"; echo "netstandard2.0: the C# 7.3 build should fail with PG0801"; exit 1
fi
grep -q "error PG0801" <<<"$out" || { echo "$out"; echo "netstandard2.0: no PG0801 in the C# 7.3 build"; exit 1; }
if grep -E "error CS[0-9]+" <<<"$out"; then echo "netstandard2.0: compiler errors beside PG0801"; exit 1; fi

# C# 10, the oldest that PG0801 accepts, must compile the generated code.
# Both ProtoGenNullable modes (warnings are errors there): the down-level code is nullable-correct either way.
dotnet build Contracts --nologo -v q -p:ContractsLangVersion=10 -p:ProtoGenNullable=enable >/dev/null \
  || dotnet build Contracts --nologo -p:ContractsLangVersion=10 -p:ProtoGenNullable=enable
dotnet build Contracts --nologo -v q -p:ContractsLangVersion=10 >/dev/null || dotnet build Contracts --nologo -p:ContractsLangVersion=10

# The .NET Framework app: contracts' types, its own file importing one of theirs (reused), an import directory.
dotnet build NetFxApp --nologo -v q >/dev/null || dotnet build NetFxApp --nologo

# The .NET 10 app, on the runtime's net10.0 build and then on its netstandard2.0 build.
modern=$(dotnet run --project ModernApp)
standard=$(dotnet run --project ModernApp -p:UseNetStandardRuntime=true)
if [ "$modern" != "$standard" ]; then
  diff <(echo "$modern") <(echo "$standard") || true
  echo "netstandard2.0: the runtime's two builds wrote different bytes"; exit 1
fi
echo "netstandard2.0: PG0801 at C# 7.3, C# 10 compiles, net472 app built, net10.0 app ran $(wc -l <<<"$modern") checks on both runtime builds"
