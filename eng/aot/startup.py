#!/usr/bin/env python3
"""Start-up of a fresh process: samples/ProtoGen.AotSample on ProtoGen against its Google.Protobuf twin, JIT and native AOT.

Usage: python3 eng/aot/startup.py [--runs N]
Builds the two JIT programs (dotnet build -c Release), the two ReadyToRun ones (framework-dependent, PublishReadyToRun)
and, through eng/aot/run.sh --twin, the two native ones, then
runs each mode (--exit, --binary, --json) of each program N times, the ProtoGen and Google.Protobuf builds in turn
(A B A B ...), after one warm-up run each. Per run: wall time (a monotonic clock around the child) and CPU time (user +
system from the kernel's accounting of the finished child, os.wait4). Prints medians, the median of the pairwise
ratios, the native binaries' sizes and the program's own Stopwatch times (Main to the first results).
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SAMPLE = os.path.join(ROOT, "samples", "ProtoGen.AotSample")
PROGRAMS = {
    ("JIT", "ProtoGen"): os.path.join(SAMPLE, "bin", "Release", "net10.0", "ProtoGen.AotSample"),
    ("JIT", "Google.Protobuf"): os.path.join(SAMPLE, "bin", "google", "Release", "net10.0", "ProtoGen.AotSample"),
    ("ReadyToRun", "ProtoGen"): os.path.join(ROOT, "artifacts", "aot", "r2r-protogen", "ProtoGen.AotSample"),
    ("ReadyToRun", "Google.Protobuf"): os.path.join(ROOT, "artifacts", "aot", "r2r-google", "ProtoGen.AotSample"),
    ("AOT", "ProtoGen"): os.path.join(ROOT, "artifacts", "aot", "protogen", "ProtoGen.AotSample"),
    ("AOT", "Google.Protobuf"): os.path.join(ROOT, "artifacts", "aot", "google", "ProtoGen.AotSample"),
}
MODES = ["--exit", "--binary", "--json"]
RID = {"x86_64": "linux-x64", "aarch64": "linux-arm64"}[os.uname().machine]


def run_once(path, mode):
    start = time.perf_counter()
    pid = os.posix_spawn(path, [path, mode], os.environ)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{path} {mode} exited with {os.waitstatus_to_exitcode(status)}")
    return wall * 1000, (usage.ru_utime + usage.ru_stime) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--no-build", action="store_true", help="use the programs already built")
    args = parser.parse_args()

    if not args.no_build:
        for extra in ([], ["-p:AotSampleRuntime=GoogleProtobuf"]):
            subprocess.run(["dotnet", "build", SAMPLE, "-c", "Release", "--nologo", "-v", "q"] + extra, check=True,
                           stdout=subprocess.DEVNULL)
            # ReadyToRun: the same JIT runtime, with the app's and libraries' code compiled ahead of time.
            out = os.path.join(ROOT, "artifacts", "aot", "r2r-google" if extra else "r2r-protogen")
            subprocess.run(["dotnet", "publish", SAMPLE, "-c", "Release", "-r", RID, "--self-contained", "false",
                            "-p:PublishAot=false", "-p:PublishReadyToRun=true", "-o", out, "--nologo", "-v", "q"] + extra,
                           check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["bash", os.path.join(ROOT, "eng", "aot", "run.sh"), "--twin"], check=True)

    print(f"{args.runs} runs of each, alternated, after one warm-up; medians in ms (wall / CPU)\n")
    print("| mode | build | ProtoGen wall | Google.Protobuf wall | ratio | ProtoGen CPU | Google.Protobuf CPU | ratio |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for kind in ("JIT", "ReadyToRun", "AOT"):
        a, b = PROGRAMS[(kind, "ProtoGen")], PROGRAMS[(kind, "Google.Protobuf")]
        for mode in MODES:
            run_once(a, mode), run_once(b, mode)
            pairs = [(run_once(a, mode), run_once(b, mode)) for _ in range(args.runs)]
            med = lambda xs: statistics.median(xs)
            aw, bw = med([p[0][0] for p in pairs]), med([p[1][0] for p in pairs])
            ac, bc = med([p[0][1] for p in pairs]), med([p[1][1] for p in pairs])
            rw = med([p[0][0] / p[1][0] for p in pairs])
            rc = med([p[0][1] / p[1][1] for p in pairs if p[1][1] > 0] or [float("nan")])
            print(f"| {mode} | {kind} | {aw:.1f} | {bw:.1f} | {rw:.2f} | {ac:.1f} | {bc:.1f} | {rc:.2f} |")

    print("\nnative binary sizes (bytes):")
    for runtime in ("ProtoGen", "Google.Protobuf"):
        print(f"  {runtime}: {os.path.getsize(PROGRAMS[('AOT', runtime)])}")

    print("\nin process, Stopwatch from Main (median of the runs): first serialize and parse; first ProtoJSON after it")
    for (kind, runtime), path in PROGRAMS.items():
        binary, json = [], []
        for _ in range(args.runs):
            out = subprocess.run([path], capture_output=True, text=True, check=True).stdout
            m = re.search(r"first serialize and parse: ([0-9.]+) ms after Main; first ProtoJSON: ([0-9.]+) ms more", out)
            binary.append(float(m.group(1)))
            json.append(float(m.group(2)))
        print(f"  {kind} {runtime}: {statistics.median(binary):.2f} ms; {statistics.median(json):.2f} ms")


if __name__ == "__main__":
    main()
