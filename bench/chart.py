#!/usr/bin/env python3
"""Draws docs/benchmarks.svg from bench/results/figures.txt: one bar per figure, Summon against its baseline.

Standard library only. Each row is scaled to its own larger value (times and bytes do not share an axis), so the
picture shows the ratio at a glance; the numbers and the target are written beside the bars.
Usage: chart.py <figures.txt> <out.svg>
"""
import html
import re
import sys

rows = []
for line in open(sys.argv[1]):
    p = line.split()
    if len(p) != 11 or p[0] != "figure":
        continue
    rows.append(dict(id=p[1], summon=p[3], baseline=p[5], ratio=p[7], target=p[9], verdict=p[10]))


def number(text):
    m = re.match(r"^\+?([0-9.]+)", text)
    return float(m.group(1)) if m else None


W, ROW, LEFT, BAR = 980, 46, 210, 330
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{60 + ROW * len(rows)}" font-family="sans-serif" font-size="12">',
       '<rect width="100%" height="100%" fill="white"/>',
       '<text x="10" y="22" font-size="15" font-weight="bold">Summon vs baseline, per figure (bars scaled per row; blue = Summon, grey = baseline)</text>']
for i, r in enumerate(rows):
    y = 40 + i * ROW
    s, b = number(r["summon"]), number(r["baseline"])
    colour = {"pass": "#2a7d2a", "fail": "#b22222"}.get(r["verdict"], "#666")
    svg.append(f'<text x="10" y="{y + 18}">{html.escape(r["id"])}</text>')
    if s is not None and b is not None and not r["id"].startswith("cold-memory"):
        top = max(s, b) or 1
        svg.append(f'<rect x="{LEFT}" y="{y + 4}" width="{BAR * s / top:.1f}" height="15" fill="#3b6fb6"/>')
        svg.append(f'<rect x="{LEFT}" y="{y + 21}" width="{BAR * b / top:.1f}" height="15" fill="#aaaaaa"/>')
    elif s is not None and r["id"].startswith("cold-memory"):
        # Memory: the bar is the growth against the 32 MB allowance, not against the process size.
        top = max(s, 32)
        svg.append(f'<rect x="{LEFT}" y="{y + 4}" width="{BAR * s / top:.1f}" height="15" fill="#3b6fb6"/>')
        svg.append(f'<rect x="{LEFT}" y="{y + 21}" width="{BAR * 32 / top:.1f}" height="15" fill="#dddddd"/>')
    elif s is not None:
        limit = number(r["target"].lstrip("<")) or s
        top = max(s, limit)
        svg.append(f'<rect x="{LEFT}" y="{y + 4}" width="{BAR * s / top:.1f}" height="15" fill="#3b6fb6"/>')
        svg.append(f'<rect x="{LEFT}" y="{y + 21}" width="{BAR * limit / top:.1f}" height="15" fill="#dddddd"/>')
    label = f'{r["summon"]} vs {r["baseline"]}  ratio {r["ratio"]}  target {r["target"]}'
    svg.append(f'<text x="{LEFT + BAR + 10}" y="{y + 18}">{html.escape(label)}</text>')
    svg.append(f'<text x="{LEFT + BAR + 10}" y="{y + 34}" fill="{colour}" font-weight="bold">{html.escape(r["verdict"])}</text>')
svg.append("</svg>")
open(sys.argv[2], "w").write("\n".join(svg) + "\n")
