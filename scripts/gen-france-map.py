#!/usr/bin/env python3
"""Generate themes/academie/templates/partials/france-map.html.

The map of France's 18 regions used by the ambassador directory. Python 3.11,
standard library only, so it can be rerun by anyone:

    npm pack world-atlas@2.0.2          # in a scratch directory
    tar xzf world-atlas-2.0.2.tgz       # gives package/countries-10m.json
    python3 scripts/gen-france-map.py --atlas package/countries-10m.json

Geometry (see themes/academie/MAP-NOTICE.md):

* the outline of France (coasts, land borders, islands, overseas regions)
  comes from Natural Earth 1:10m "Admin 0 – Countries" (public domain), as
  redistributed in TopoJSON by the npm package world-atlas 2.0.2 (ISC);
* the boundaries *between* metropolitan regions are not in that data set:
  they are drawn here by hand, as the lon/lat polylines in EDGES below,
  following departmental borders from towns on either side; they are
  approximate (a few kilometres) and are part of this project's own work.

The output is deterministic: same input, same partial.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "themes/academie/templates/partials/france-map.html"
# countries-10m.json of world-atlas 2.0.2, the input the committed partial was made from.
ATLAS_SHA256 = "3bc6f1d367a9bcec479841bae0e76092f512838411d0cef124e92eec4db45f79"

# ---------------------------------------------------------------- geometry

# Points where an internal boundary meets the outline of France (snapped to
# the nearest vertex of the Natural Earth outline).
OUTLINE_NODES = {
    "N1": (-1.51, 48.63),  # Couesnon mouth (Bretagne | Normandie)
    "N2": (-2.45, 47.42),  # south of the Vilaine mouth (Bretagne | Pays de la Loire)
    "N3": (-1.13, 46.31),  # Sèvre niortaise, Aiguillon bay (Pays de la Loire | Nouvelle-Aquitaine)
    "N4": (-0.29, 42.84),  # Pyrenees (Nouvelle-Aquitaine | Occitanie)
    "N5": (4.37, 43.45),  # Petit Rhône mouth (Occitanie | PACA)
    "N6": (6.56, 45.11),  # Mont Thabor (Auvergne-Rhône-Alpes | PACA)
    "N7": (6.10, 46.42),  # Swiss border, Jura | Ain (Bourgogne-Franche-Comté | ARA)
    "N8": (7.13, 47.50),  # Swiss border, Belfort | Haut-Rhin (BFC | Grand Est)
    "N9": (4.23, 49.97),  # Belgian border, Aisne | Ardennes (Hauts-de-France | Grand Est)
    "N10": (1.38, 50.06),  # Bresle mouth (Normandie | Hauts-de-France)
}

# Points where three regions meet.
JUNCTIONS = {
    "BNP": (-1.06, 48.52),
    "NPC": (0.76, 48.37),
    "NCI": (1.52, 48.92),
    "NIH": (1.70, 49.20),
    "IHG": (3.45, 48.86),
    "IGB": (3.40, 48.37),
    "ICB": (3.02, 48.16),
    "CBA": (3.05, 46.80),
    "CAN": (2.30, 46.42),
    "CNP": (0.05, 47.12),
    "ANO": (2.06, 44.95),
    "AOP": (4.66, 44.30),
}

# Internal boundaries: name -> (from node, to node, intermediate lon/lat).
EDGES = {
    # Bretagne | Normandie
    "BN": ("N1", "BNP", [(-1.45, 48.56), (-1.25, 48.54)]),
    # Bretagne | Pays de la Loire
    "BP": ("BNP", "N2", [(-1.02, 48.30), (-1.07, 48.05), (-1.10, 47.90), (-1.24, 47.78),
                          (-1.50, 47.80), (-1.78, 47.76), (-2.00, 47.70), (-2.10, 47.63),
                          (-2.20, 47.52), (-2.33, 47.50)]),
    # Normandie | Pays de la Loire
    "NP": ("BNP", "NPC", [(-0.85, 48.51), (-0.60, 48.47), (-0.35, 48.50), (-0.10, 48.45),
                           (0.05, 48.40), (0.25, 48.45), (0.50, 48.42)]),
    # Normandie | Centre-Val de Loire
    "NC": ("NPC", "NCI", [(0.85, 48.50), (0.90, 48.62), (0.95, 48.72), (1.20, 48.77),
                           (1.40, 48.82)]),
    # Normandie | Île-de-France (Epte)
    "NI": ("NCI", "NIH", [(1.55, 49.00), (1.62, 49.07)]),
    # Normandie | Hauts-de-France (Epte, pays de Bray, Bresle)
    "NH": ("NIH", "N10", [(1.78, 49.30), (1.75, 49.45), (1.72, 49.60), (1.78, 49.75),
                           (1.65, 49.90), (1.50, 50.00)]),
    # Île-de-France | Hauts-de-France
    "IH": ("NIH", "IHG", [(1.80, 49.24), (2.00, 49.20), (2.20, 49.18), (2.40, 49.16),
                           (2.58, 49.12), (2.75, 49.08), (3.05, 49.08), (3.10, 49.00),
                           (3.25, 48.95)]),
    # Hauts-de-France | Grand Est
    "HG": ("IHG", "N9", [(3.55, 49.00), (3.60, 49.12), (3.70, 49.25), (3.85, 49.35),
                          (4.05, 49.42), (4.05, 49.55), (4.10, 49.70), (4.20, 49.85)]),
    # Île-de-France | Grand Est
    "IG": ("IHG", "IGB", [(3.48, 48.75), (3.45, 48.62), (3.42, 48.50)]),
    # Île-de-France | Bourgogne-Franche-Comté
    "IB": ("IGB", "ICB", [(3.22, 48.33), (3.10, 48.25)]),
    # Île-de-France | Centre-Val de Loire
    "IC": ("ICB", "NCI", [(2.85, 48.12), (2.60, 48.13), (2.50, 48.22), (2.38, 48.30),
                           (2.15, 48.30), (1.98, 48.29), (1.95, 48.40), (1.80, 48.48),
                           (1.70, 48.58), (1.60, 48.68), (1.58, 48.78)]),
    # Grand Est | Bourgogne-Franche-Comté
    "GB": ("IGB", "N8", [(3.55, 48.28), (3.70, 48.15), (3.90, 48.00), (4.10, 47.95),
                          (4.30, 47.93), (4.55, 47.96), (4.85, 48.02), (5.00, 47.85),
                          (5.20, 47.70), (5.40, 47.62), (5.55, 47.70), (5.70, 47.82),
                          (5.90, 47.93), (6.10, 47.95), (6.40, 48.00), (6.60, 47.93),
                          (6.82, 47.82), (6.93, 47.70), (7.02, 47.60)]),
    # Centre-Val de Loire | Bourgogne-Franche-Comté
    "CB": ("ICB", "CBA", [(3.10, 48.02), (3.05, 47.85), (2.90, 47.75), (2.88, 47.60),
                           (2.90, 47.45), (2.95, 47.30), (3.05, 47.10), (3.08, 46.95)]),
    # Centre-Val de Loire | Auvergne-Rhône-Alpes
    "CA": ("CBA", "CAN", [(2.90, 46.72), (2.70, 46.65), (2.55, 46.55), (2.40, 46.48)]),
    # Centre-Val de Loire | Nouvelle-Aquitaine
    "CN": ("CAN", "CNP", [(2.00, 46.42), (1.70, 46.42), (1.40, 46.40), (1.20, 46.50),
                           (1.05, 46.70), (0.85, 46.80), (0.65, 46.92), (0.45, 46.98),
                           (0.25, 47.05)]),
    # Centre-Val de Loire | Pays de la Loire
    "CP": ("CNP", "NPC", [(0.08, 47.30), (0.18, 47.45), (0.25, 47.60), (0.50, 47.65),
                           (0.65, 47.75), (0.75, 47.85), (0.82, 48.00), (0.80, 48.15),
                           (0.78, 48.28)]),
    # Pays de la Loire | Nouvelle-Aquitaine
    "PN": ("CNP", "N3", [(-0.10, 47.08), (-0.30, 47.08), (-0.55, 47.02), (-0.75, 46.97),
                          (-0.70, 46.80), (-0.65, 46.60), (-0.62, 46.42), (-0.75, 46.33),
                          (-0.95, 46.33)]),
    # Nouvelle-Aquitaine | Auvergne-Rhône-Alpes
    "NA": ("CAN", "ANO", [(2.40, 46.30), (2.58, 46.15), (2.58, 45.98), (2.50, 45.80),
                           (2.50, 45.60), (2.48, 45.42), (2.35, 45.30), (2.20, 45.15),
                           (2.10, 45.05)]),
    # Nouvelle-Aquitaine | Occitanie
    "NO": ("ANO", "N4", [(1.85, 44.95), (1.62, 44.97), (1.45, 44.92), (1.35, 44.80),
                          (1.15, 44.65), (1.05, 44.55), (0.95, 44.38), (0.85, 44.15),
                          (0.70, 44.05), (0.50, 44.00), (0.30, 44.05), (0.10, 43.95),
                          (-0.10, 43.90), (-0.15, 43.70), (-0.18, 43.55), (-0.12, 43.40),
                          (-0.10, 43.20), (-0.15, 43.00)]),
    # Auvergne-Rhône-Alpes | Occitanie
    "AO": ("ANO", "AOP", [(2.15, 44.80), (2.25, 44.70), (2.50, 44.62), (2.80, 44.65),
                           (3.00, 44.80), (3.15, 44.88), (3.40, 44.88), (3.60, 44.85),
                           (3.85, 44.70), (3.95, 44.55), (4.05, 44.40), (4.20, 44.35),
                           (4.40, 44.30)]),
    # Occitanie | Provence-Alpes-Côte d'Azur (Rhône, Petit Rhône)
    "OP": ("AOP", "N5", [(4.68, 44.15), (4.72, 44.05), (4.80, 43.95), (4.70, 43.88),
                          (4.65, 43.80), (4.60, 43.68), (4.50, 43.58), (4.40, 43.50)]),
    # Auvergne-Rhône-Alpes | Provence-Alpes-Côte d'Azur
    "AP": ("AOP", "N6", [(4.90, 44.30), (5.10, 44.30), (5.30, 44.25), (5.50, 44.15),
                          (5.60, 44.20), (5.65, 44.35), (5.50, 44.45), (5.55, 44.62),
                          (5.70, 44.70), (5.85, 44.72), (6.00, 44.85), (6.20, 44.92),
                          (6.35, 45.02), (6.45, 45.08)]),
    # Auvergne-Rhône-Alpes | Bourgogne-Franche-Comté
    "AB": ("CBA", "N7", [(3.30, 46.75), (3.45, 46.70), (3.62, 46.60), (3.85, 46.50),
                          (3.98, 46.40), (4.05, 46.22), (4.30, 46.18), (4.50, 46.25),
                          (4.78, 46.18), (4.85, 46.35), (4.93, 46.50), (5.10, 46.52),
                          (5.30, 46.45), (5.40, 46.38), (5.55, 46.30), (5.75, 46.30),
                          (5.90, 46.30), (6.00, 46.38)]),
}

# Each metropolitan region as a closed walk: an edge name (leading "-" walks
# it backwards) or "O:A:B" for the stretch of outline from node A to node B.
REGIONS = {
    "53": ["O:N2:N1", "BN", "BP"],
    "28": ["O:N1:N10", "-NH", "-NI", "-NC", "-NP", "-BN"],
    "32": ["O:N10:N9", "-HG", "-IH", "NH"],
    "44": ["O:N9:N8", "-GB", "-IG", "HG"],
    "11": ["IH", "IG", "IB", "IC", "NI"],
    "27": ["GB", "O:N8:N7", "-AB", "-CB", "-IB"],
    "24": ["-IC", "CB", "CA", "CN", "CP", "NC"],
    "52": ["NP", "-CP", "PN", "O:N3:N2", "-BP"],
    "75": ["-CN", "NA", "NO", "O:N4:N3", "-PN"],
    "76": ["AO", "OP", "O:N5:N4", "-NO"],
    "84": ["AB", "O:N7:N6", "-AP", "-AO", "-NA", "-CA"],
    "93": ["AP", "O:N6:N5", "-OP"],
}

# Islands whose nearest coast is not their region's (lon, lat of centroid).
ISLANDS = {
    (-1.41, 46.21): "75",  # Ré
    (-1.27, 45.95): "75",  # Oléron
    (-2.20, 46.98): "52",  # Noirmoutier
    (-2.33, 46.72): "52",  # Yeu
    (-3.18, 47.35): "53",  # Belle-Île
    (-5.08, 48.46): "53",  # Ouessant
    (6.21, 43.01): "93",  # Porquerolles
}

NAMES = {
    "11": "Île-de-France", "24": "Centre-Val de Loire", "27": "Bourgogne-Franche-Comté",
    "28": "Normandie", "32": "Hauts-de-France", "44": "Grand Est",
    "52": "Pays de la Loire", "53": "Bretagne", "75": "Nouvelle-Aquitaine",
    "76": "Occitanie", "84": "Auvergne-Rhône-Alpes", "93": "Provence-Alpes-Côte d'Azur",
    "94": "Corse", "01": "Guadeloupe", "02": "Martinique", "03": "Guyane",
    "04": "La Réunion", "06": "Mayotte",
}

# Overseas regions: lon/lat box that selects their Natural Earth polygons.
OVERSEAS = {
    "01": (-62.0, 15.7, -60.9, 16.6),
    "02": (-61.3, 14.3, -60.7, 15.0),
    "03": (-55.0, 2.0, -51.5, 6.0),
    "04": (55.0, -21.5, 56.0, -20.7),
    "06": (44.9, -13.1, 45.4, -12.5),
}
INSET_ORDER = ["01", "02", "03", "04", "06"]

# Layout (SVG user units).
WIDTH = 600
MARGIN = 8
INSET_W = 92
INSET_GAP = (WIDTH - 2 * MARGIN - 6 * INSET_W) / 5
INSET_H = 104
INSET_LABEL_H = 18
BADGE_R = 13
TOLERANCE = 0.6  # Douglas-Peucker tolerance in user units
MIN_ISLAND_AREA = 6.0  # drop islands smaller than this (user units²)


def load_france(path: Path):
    """Polygons (lists of rings of (lon, lat)) of France in a world-atlas file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = data["transform"]["scale"], data["transform"]["translate"]
    arcs = []
    for arc in data["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(ids):
        pts = []
        for i in ids:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a if not pts else a[1:])
        return pts

    for g in data["objects"]["countries"]["geometries"]:
        if g.get("properties", {}).get("name") == "France":
            polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
            return [[ring(r) for r in poly] for poly in polys]
    sys.exit("France not found in " + str(path))


def lcc(lon0=3.0, lat0=46.5, lat1=44.0, lat2=49.0):
    """Spherical Lambert conformal conic (the projection of French maps)."""
    r = math.radians
    p1, p2 = r(lat1), r(lat2)
    n = math.log(math.cos(p1) / math.cos(p2)) / math.log(
        math.tan(math.pi / 4 + p2 / 2) / math.tan(math.pi / 4 + p1 / 2))
    f = math.cos(p1) * math.tan(math.pi / 4 + p1 / 2) ** n / n
    rho0 = f / math.tan(math.pi / 4 + r(lat0) / 2) ** n

    def proj(lon, lat):
        rho = f / math.tan(math.pi / 4 + r(lat) / 2) ** n
        t = n * r(lon - lon0)
        return rho * math.sin(t), -(rho0 - rho * math.cos(t))  # y grows downwards

    return proj


def simplify(pts, tol):
    """Douglas-Peucker on an open polyline; endpoints are kept."""
    if len(pts) < 3:
        return list(pts)
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = pts[a], pts[b]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, idx = -1.0, None
        for i in range(a + 1, b):
            px, py = pts[i]
            if norm == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs(dy * (px - ax) - dx * (py - ay)) / norm
            if d > best:
                best, idx = d, i
        if idx is not None and best > tol:
            keep[idx] = True
            stack += [(a, idx), (idx, b)]
    return [p for p, k in zip(pts, keep) if k]


def simplify_ring(ring, tol):
    """Simplify a closed ring, splitting it at its two most distant points."""
    pts = ring[:-1] if ring[0] == ring[-1] else ring[:]
    if len(pts) < 4:
        return pts
    far = max(range(len(pts)), key=lambda i: (pts[i][0] - pts[0][0]) ** 2 + (pts[i][1] - pts[0][1]) ** 2)
    half1 = simplify(pts[: far + 1], tol)
    half2 = simplify(pts[far:] + [pts[0]], tol)
    return half1[:-1] + half2[:-1]


def rnd(pts):
    out = []
    for x, y in pts:
        p = (round(x), round(y))
        if not out or out[-1] != p:
            out.append(p)
    return out


def area(ring):
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))) / 2


def path_d(rings):
    """Compact path data: absolute move, relative lines, integers."""
    parts = []
    for ring in rings:
        if ring[0] == ring[-1]:
            ring = ring[:-1]
        if len(ring) < 3:
            continue
        s = "M%d %d" % ring[0]
        s += "l"
        rel = []
        for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
            rel.append((x1 - x0, y1 - y0))
        nums = ""
        for dx, dy in rel:
            for v in (dx, dy):
                t = str(v)
                nums += t if (not nums or t.startswith("-")) else " " + t
        parts.append(s + nums + "z")
    return "".join(parts)


def point_in(pt, ring):
    x, y = pt
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def seg_dist(p, a, b):
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def pole(ring, step=2.0):
    """Interior point far from the boundary (where the count badge goes)."""
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    best, where = -1.0, None
    y = min(ys) + step / 2
    while y < max(ys):
        x = min(xs) + step / 2
        while x < max(xs):
            if point_in((x, y), ring):
                d = min(seg_dist((x, y), a, b) for a, b in zip(ring, ring[1:] + ring[:1]))
                if d > best:
                    best, where = d, (x, y)
            x += step
        y += step
    return round(where[0]), round(where[1])


def build(atlas: Path):
    polys = load_france(atlas)
    proj = lcc()

    def bbox_of(poly):
        xs = [p[0] for p in poly[0]]
        ys = [p[1] for p in poly[0]]
        return min(xs), min(ys), max(xs), max(ys)

    mainland = max(polys, key=lambda p: len(p[0]))[0]
    if mainland[0] == mainland[-1]:
        mainland = mainland[:-1]
    metro_islands, overseas = [], {k: [] for k in OVERSEAS}
    for poly in polys:
        ring = poly[0]
        if ring is mainland or ring[:-1] == mainland:
            continue
        x0, y0, x1, y1 = bbox_of(poly)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        for key, (a, b, c, d) in OVERSEAS.items():
            if a <= cx <= c and b <= cy <= d:
                overseas[key].append(ring)
                break
        else:
            if -6 < cx < 10 and 41 < cy < 52:
                metro_islands.append(ring)

    # Metropolitan scale: fit mainland + Corsica into WIDTH.
    metro_pts = [proj(*p) for p in mainland] + [proj(*p) for r in metro_islands for p in r]
    mx0 = min(p[0] for p in metro_pts)
    mx1 = max(p[0] for p in metro_pts)
    my0 = min(p[1] for p in metro_pts)
    my1 = max(p[1] for p in metro_pts)
    scale = (WIDTH - 2 * MARGIN) / (mx1 - mx0)

    def to_svg(lon, lat):
        x, y = proj(lon, lat)
        return (MARGIN + (x - mx0) * scale, MARGIN + (y - my0) * scale)

    map_h = MARGIN + (my1 - my0) * scale

    # Split the mainland outline at the snapped outline nodes.
    outline = [to_svg(*p) for p in mainland]
    node_idx = {}
    node_pt = {}
    for name, (lon, lat) in OUTLINE_NODES.items():
        tx, ty = to_svg(lon, lat)
        i = min(range(len(outline)), key=lambda k: (outline[k][0] - tx) ** 2 + (outline[k][1] - ty) ** 2)
        node_idx[name] = i
        node_pt[name] = outline[i]
    for name, (lon, lat) in JUNCTIONS.items():
        node_pt[name] = to_svg(lon, lat)

    n = len(outline)

    def outline_arc(a, b):
        """Shorter stretch of outline from node a to node b."""
        ia, ib = node_idx[a], node_idx[b]
        fwd = [outline[(ia + k) % n] for k in range((ib - ia) % n + 1)]
        back = [outline[(ia - k) % n] for k in range((ia - ib) % n + 1)]
        return fwd if len(fwd) <= len(back) else back

    arcs = {}
    for name, (a, b, mid) in EDGES.items():
        pts = [node_pt[a]] + [to_svg(*p) for p in mid] + [node_pt[b]]
        arcs[name] = rnd(simplify(pts, TOLERANCE))
    for key, walk in REGIONS.items():
        for step in walk:
            if step.startswith("O:"):
                _, a, b = step.split(":")
                arcs[step] = rnd(simplify(outline_arc(a, b), TOLERANCE))

    shapes = {}
    for key, walk in REGIONS.items():
        ring = []
        for step in walk:
            pts = arcs[step.lstrip("-")]
            if step.startswith("-"):
                pts = pts[::-1]
            if ring:
                if ring[-1] != pts[0]:
                    sys.exit(f"region {key}: {step} does not start where the walk is")
                pts = pts[1:]
            ring.extend(pts)
        if ring[0] != ring[-1]:
            sys.exit(f"region {key}: walk does not close")
        shapes[key] = [ring[:-1]]

    # Islands: Corsica is its own region; others go to the nearest region.
    shapes["94"] = []
    for isl in metro_islands:
        pts = rnd(simplify_ring([to_svg(*p) for p in isl], TOLERANCE))
        if area(pts) < MIN_ISLAND_AREA:
            continue
        cx = sum(p[0] for p in pts) / len(pts)
        cy = sum(p[1] for p in pts) / len(pts)
        lon_c = sum(p[0] for p in isl) / len(isl)
        if lon_c > 8.3:
            shapes["94"].insert(0 if area(pts) > 100 else len(shapes["94"]), pts)
            continue
        lat_c = sum(p[1] for p in isl) / len(isl)
        named = sorted((math.hypot(lo - lon_c, la - lat_c), k) for (lo, la), k in ISLANDS.items())
        if named and named[0][0] < 0.3:
            best = named[0][1]
        else:
            ring0 = lambda k: shapes[k][0]
            best = min(REGIONS, key=lambda k: min(
                seg_dist((cx, cy), a, b) for a, b in zip(ring0(k), ring0(k)[1:] + ring0(k)[:1])))
        shapes[best].append(pts)

    badges = {k: pole(shapes[k][0]) for k in shapes}

    # Overseas insets, in a row under the map.
    inset_y = math.ceil(map_h) + 10
    insets = {}
    for i, key in enumerate(INSET_ORDER + ["national"]):
        x = MARGIN + i * (INSET_W + INSET_GAP)
        insets[key] = (round(x), inset_y)
    for key in INSET_ORDER:
        rings = overseas[key]
        pp = [[proj(*p) for p in r] for r in rings]
        xs = [p[0] for r in pp for p in r]
        ys = [p[1] for r in pp for p in r]
        bx, by = insets[key]
        pad = 10
        aw, ah = INSET_W - 2 * pad, INSET_H - INSET_LABEL_H - 2 * pad
        s = min(aw / (max(xs) - min(xs)), ah / (max(ys) - min(ys)))
        ox = bx + pad + (aw - (max(xs) - min(xs)) * s) / 2
        oy = by + pad + (ah - (max(ys) - min(ys)) * s) / 2
        out = []
        for r in pp:
            pts = rnd(simplify_ring([(ox + (x - min(xs)) * s, oy + (y - min(ys)) * s) for x, y in r],
                                    TOLERANCE * 0.6))
            if area(pts) >= 3:
                out.append(pts)
        out.sort(key=area, reverse=True)
        shapes[key] = out
        badges[key] = (bx + INSET_W - BADGE_R - 3, by + BADGE_R + 3)

    height = inset_y + INSET_H + MARGIN
    return shapes, badges, insets, height


# ---------------------------------------------------------------- template

DESCRIPTION = ("Chaque région est un lien vers ses ambassadeurs\u00a0; le nombre indique combien "
               "ils sont. Les régions d’outre-mer figurent dans les encadrés sous la carte.")

HEADER = """{#- Generated by scripts/gen-france-map.py: edit the script, not this file.
    Map of France's 18 regions for the ambassador directory. Geometry:
    Natural Earth (public domain) and hand-drawn regional boundaries, see
    themes/academie/MAP-NOTICE.md. Needs listing.map.regions
    [{key, label, count, url, current}] and the UI strings t.map_title,
    t.map_description, t.ambassadors_count, t.ambassadors_count_one,
    t.ambassadors_count_zero (all optional: French fallbacks below).
    Classes only (strict CSP): the rules are in the theme stylesheet. Ids are
    prefixed fm-; include the partial once per page. -#}
"""


def template(shapes, badges, insets, height):
    keys = list(REGIONS) + ["94"] + INSET_ORDER
    o = [HEADER.replace(" -#}\n", "\n    Keys (INSEE region codes): "
                        + ", ".join(f"{k} {NAMES[k]}" for k in keys) + ", national. -#}\n")]
    o.append('{%- if listing.map and listing.map.regions %}\n')
    o.append('<figure class="france-map">\n')
    o.append(f'<svg class="france-map-svg" viewBox="0 0 {WIDTH} {height}" role="group" '
             'aria-labelledby="fm-title" aria-describedby="fm-desc">\n')
    o.append('<title id="fm-title">{{ t.map_title | default(value="Carte des ambassadeurs par région") }}</title>\n')
    o.append('<desc id="fm-desc">{{ t.map_description | default(value="' + DESCRIPTION + '") }}</desc>\n')
    o.append("<defs>\n")
    for k in keys:
        o.append(f'<path id="fm-r{k}" d="{path_d(shapes[k])}"/>\n')
    o.append("</defs>\n")
    # Background layer: every region, even one absent from the data.
    o.append('<g class="france-map-base" aria-hidden="true">\n')
    for k in INSET_ORDER:  # the "national" box is drawn only when in the data
        x, y = insets[k]
        o.append(f'<rect class="inset-frame" x="{x}" y="{y}" width="{INSET_W}" height="{INSET_H}" rx="4"/>\n')
    for k in keys:
        o.append(f'<use href="#fm-r{k}" class="region-shape"/>\n')
    o.append("</g>\n")
    # Link layer: one link per region of the data.
    o.append('<g class="france-map-links">\n')
    o.append('{%- for r in listing.map.regions %}{% set fm_ix = -1 %}\n')
    chain = []
    for i, k in enumerate(keys + ["national"]):
        bx, by = badges[k] if k != "national" else (insets[k][0] + INSET_W / 2, insets[k][1] + INSET_H / 2 - 6)
        bx, by = round(bx), round(by)
        kw = "if" if i == 0 else "elif"
        line = f'{{%- {kw} r.key == "{k}" %}}{{% set fm_x = {bx} %}}{{% set fm_y = {by} %}}'
        if k in insets:
            ix, iy = insets[k]
            line += (f'{{% set fm_ix = {ix} %}}{{% set fm_iy = {iy} %}}'
                     f'{{% set fm_lx = {ix + INSET_W // 2} %}}{{% set fm_ly = {iy + INSET_H - 7} %}}')
        chain.append(line + "\n")
    o.extend(chain)
    o.append('{%- else %}{% set fm_x = -1 %}\n{%- endif %}\n')
    o.append('{%- if fm_x >= 0 %}\n')
    o.append('{%- if r.count == 0 %}{% set fm_n = t.ambassadors_count_zero | default(value="{n} ambassadeur") %}'
             '{% elif r.count == 1 %}{% set fm_n = t.ambassadors_count_one | default(value="{n} ambassadeur") %}'
             '{% else %}{% set fm_n = t.ambassadors_count | default(value="{n} ambassadeurs") %}{% endif %}'
             '{% set fm_c = r.count | as_str %}\n')
    o.append('<a href="{{ r.url }}" class="region{% if r.current %} is-current{% endif %}'
             '{% if r.count == 0 %} is-empty{% endif %}"'
             '{% if r.current %} aria-current="page"{% endif %} '
             'aria-label="{{ r.label }} : {{ fm_n | replace(from="{n}", to=fm_c) }}'
             '{% if r.fictional %}, {% if r.fictional == 1 %}{{ t.map_fictional_one | default(value="dont 1 profil fictif") }}'
             '{% else %}{{ t.map_fictional_many | default(value="dont {n} profils fictifs") | replace(from="{n}", to=r.fictional ~ "") }}'
             '{% endif %}{% endif %}">\n')
    o.append('{%- if fm_ix >= 0 %}<rect class="inset-hit{% if r.key == "national" %} inset-frame{% endif %}" x="{{ fm_ix }}" y="{{ fm_iy }}" '
             f'width="{INSET_W}" height="{INSET_H}" rx="4"/>'
             '<text class="inset-label" x="{{ fm_lx }}" y="{{ fm_ly }}" text-anchor="middle">{{ r.label }}</text>'
             '{% endif %}\n')
    o.append('{%- if r.key != "national" %}<use href="#fm-r{{ r.key }}" class="region-shape"/>{% endif %}\n')
    o.append(f'<circle class="badge" cx="{{{{ fm_x }}}}" cy="{{{{ fm_y }}}}" r="{BADGE_R}"/>'
             '<text class="badge-count" x="{{ fm_x }}" y="{{ fm_y }}" text-anchor="middle" '
             'dominant-baseline="central">{{ r.count }}</text>\n')
    o.append('</a>\n')
    o.append('{%- endif %}\n')
    o.append('{%- endfor %}\n')
    o.append('</g>\n</svg>\n')
    o.append('<figcaption>{{ t.map_description | default(value="' + DESCRIPTION + '") }}</figcaption>\n')
    o.append('</figure>\n')
    o.append('{%- endif %}\n')
    return "".join(o)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--atlas", type=Path, required=True,
                    help="countries-10m.json from the npm package world-atlas 2.0.2")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    digest = hashlib.sha256(args.atlas.read_bytes()).hexdigest()
    if digest != ATLAS_SHA256:
        print(f"warning: {args.atlas} is not world-atlas 2.0.2's countries-10m.json "
              f"(sha256 {digest}); the outline nodes may need checking", file=sys.stderr)
    shapes, badges, insets, height = build(args.atlas)
    text = template(shapes, badges, insets, height)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {len(text.encode('utf-8'))} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
