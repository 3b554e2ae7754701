#!/usr/bin/env python3
"""Turns BenchmarkDotNet's CSV export into the README's table and an SVG chart.

Usage: python3 benchmarks/report.py benchmarks/results
Reads <dir>/*Benchmarks-report.csv (the serializer benchmarks), writes <dir>/ratios.svg and prints a Markdown table.
Ratios are ProtoGen's median time over Google.Protobuf's (and over protobuf-net's) median time, for the same workload
and operation.
Only the Python standard library is used.
"""
import csv
import glob
import os
import re
import sys

UNITS = {"ns": 1.0, "μs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}
BYTE_UNITS = {"B": 1, "KB": 1024, "MB": 1024 * 1024}
OPERATIONS = ["CalculateSize", "WriteToBufferWriter", "ToByteArray", "ParseBytes", "ParseSegmented", "GrpcRoundTrip"]
# The targets, as a ratio to Google.Protobuf's time.
TARGETS = {"CalculateSize": 0.5, "WriteToBufferWriter": 0.5, "ToByteArray": 0.5,
           "ParseBytes": 0.67, "ParseSegmented": 0.67, "GrpcRoundTrip": None}


def nanoseconds(text):
    value, unit = text.replace(",", "").split()
    return float(value) * UNITS[unit]


def bytes_of(text):
    if text in ("-", "NA", ""):
        return 0
    value, unit = text.replace(",", "").split()
    return int(round(float(value) * BYTE_UNITS[unit]))


def load(directory):
    results = {}  # workload -> operation -> implementation -> (median ns, allocated bytes)
    for path in sorted(glob.glob(os.path.join(directory, "*Benchmarks-report.csv"))):
        workload = re.sub(r"Benchmarks-report\.csv$", "", os.path.basename(path)).split(".")[-1]
        if workload == "Compiler":
            continue
        for row in csv.DictReader(open(path, encoding="utf-8")):
            implementation, operation = row["Method"].split("_", 1)
            if row.get("Median", row["Mean"]) in ("NA", ""):
                continue
            results.setdefault(workload, {}).setdefault(operation, {})[implementation] = (
                nanoseconds(row.get("Median", row["Mean"])), bytes_of(row["Allocated"]))
    return results


def format_time(ns):
    for unit, scale in (("ms", 1e6), ("μs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:,.1f} {unit}"
    return f"{ns:,.1f} ns"


def table(results):
    lines = ["| workload | operation | Google.Protobuf | protobuf-net | ProtoGen | / Google | target | / protobuf-net "
             "| allocated Google / protobuf-net / ProtoGen |",
             "|---|---|---:|---:|---:|---:|---|---:|---:|"]
    for workload, operations in results.items():
        for operation in OPERATIONS:
            pair = operations.get(operation, {})
            if "Google" not in pair or "ProtoGen" not in pair:
                continue
            (google, google_bytes), (ours, our_bytes) = pair["Google"], pair["ProtoGen"]
            net, net_bytes = pair.get("ProtobufNet", (None, None))
            ratio = ours / google
            target = TARGETS[operation]
            verdict = "-" if target is None else (f"<= {target}: met" if ratio <= target else f"<= {target}: **not met**")
            net_time = "-" if net is None else format_time(net)
            net_ratio = "-" if net is None else (f"{ours / net:.2f}x" if ours < net else f"**{ours / net:.2f}x**")
            net_alloc = "-" if net is None else f"{net_bytes:,} B"
            lines.append(f"| {workload} | {operation} | {format_time(google)} | {net_time} | {format_time(ours)} | "
                         f"{ratio:.2f}x | {verdict} | {net_ratio} | {google_bytes:,} B / {net_alloc} / {our_bytes:,} B |")
    return "\n".join(lines)


def headline(results):
    """The README's table: per workload, ProtoGen's time over each other library's, for serialize (write to a
    buffer writer), parse (from byte[]) and CalculateSize."""
    lines = ["| workload | serialize / Google | parse / Google | size / Google | serialize / protobuf-net "
             "| parse / protobuf-net | size / protobuf-net |", "|---|---:|---:|---:|---:|---:|---:|"]
    operations = ["WriteToBufferWriter", "ParseBytes", "CalculateSize"]
    for workload, ops in results.items():
        cells = []
        for other in ("Google", "ProtobufNet"):
            for operation in operations:
                row = ops.get(operation, {})
                cells.append(f"{row['ProtoGen'][0] / row[other][0]:.2f}x" if "ProtoGen" in row and other in row else "-")
        lines.append(f"| {workload} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def svg(results):
    workloads = list(results)
    bar, gap, group_gap, left, top, width = 14, 2, 18, 170, 40, 560
    scale_max = 1.5
    height = top + len(workloads) * (len(OPERATIONS) * (bar + gap) + group_gap) + 40
    x_of = lambda ratio: left + min(ratio, scale_max) / scale_max * width
    colors = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#b07aa1"]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 80}" height="{height}" '
           f'font-family="sans-serif" font-size="11">',
           f'<text x="{left}" y="18" font-size="13">ProtoGen time / Google.Protobuf time (median; lower is better)</text>']
    y = top
    for workload in workloads:
        out.append(f'<text x="8" y="{y + 12}" font-weight="bold">{workload}</text>')
        for index, operation in enumerate(OPERATIONS):
            pair = results[workload].get(operation, {})
            if "Google" in pair and "ProtoGen" in pair:
                ratio = pair["ProtoGen"][0] / pair["Google"][0]
                out.append(f'<text x="{left - 6}" y="{y + bar - 3}" text-anchor="end">{operation}</text>')
                out.append(f'<rect x="{left}" y="{y}" width="{x_of(ratio) - left:.1f}" height="{bar}" fill="{colors[index]}"/>')
                out.append(f'<text x="{x_of(ratio) + 4:.1f}" y="{y + bar - 3}">{ratio:.2f}x</text>')
            y += bar + gap
        y += group_gap
    for ratio, label in ((0.5, "0.5"), (0.67, "0.67"), (1.0, "Google = 1.0")):
        x = x_of(ratio)
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{y - group_gap}" stroke="#333" '
                   f'stroke-dasharray="{"none" if ratio == 1.0 else "4 3"}"/>')
        out.append(f'<text x="{x:.1f}" y="{y - group_gap + 14}" text-anchor="middle">{label}</text>')
    out.append("</svg>")
    return "\n".join(out)


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "results")
    results = load(directory)
    if not results:
        sys.exit(f"no *Benchmarks-report.csv in {directory}")
    with open(os.path.join(directory, "ratios.svg"), "w", encoding="utf-8") as file:
        file.write(svg(results) + "\n")
    print(table(results))
    print()
    print(headline(results))


if __name__ == "__main__":
    main()
