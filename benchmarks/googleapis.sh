#!/usr/bin/env bash
# Fetches a large real-world .proto set for the build-time and edit-time measurements: googleapis from the npm package
# google-proto-files (pinned, as eng/packaging/test-packages.sh pins it), these folders only, whose imports all resolve
# inside them or in the well-known types: 322 files, no google/protobuf/ copies.
# Usage: benchmarks/googleapis.sh [target folder]   (default benchmarks/.googleapis/set; prints the folder)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=$here/.googleapis
target=${1:-$cache/set}
version=6.0.1
folders="api type rpc longrunning iam/v1 logging/type spanner datastore firestore pubsub storage cloud/location geo appengine apps/card identity
  cloud/tasks cloud/scheduler cloud/run cloud/redis cloud/workflows cloud/language
  cloud/translate cloud/speech cloud/vision cloud/iot cloud/memcache cloud/orgpolicy
  cloud/accessapproval cloud/resourcemanager"

package=$cache/npm/node_modules/google-proto-files
if [ ! -f "$package/package.json" ] || ! grep -q "\"version\": \"$version\"" "$package/package.json"; then
  mkdir -p "$cache/npm"
  npm install --prefix "$cache/npm" --no-save --no-audit --no-fund "google-proto-files@$version" > "$cache/npm.log" 2>&1 \
    || { cat "$cache/npm.log" >&2; echo "npm could not install google-proto-files@$version" >&2; exit 1; }
fi
rm -rf "$target"
mkdir -p "$target"
for folder in $folders; do
  (cd "$package" && find "google/$folder" -name '*.proto' -print0 | xargs -0 cp --parents -t "$target")
done
count=$(find "$target" -name '*.proto' | wc -l)
[ "$count" -eq 322 ] || { echo "$count .proto files under $target, expected 322" >&2; exit 1; }
echo "$target"
