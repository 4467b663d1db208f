// Converts Natural Earth land and country borders from the world-atlas TopoJSON files into
// Fleetwall's compact basemap resource (resources/basemap/world.fwbm). Run through
// scripts/make-basemap.sh, which installs world-atlas and topojson-client with npm first.
//
// Format, little-endian:
//   "FWBM" u32 version(1) u32 scale(units per degree) u32 levelCount
//   per level: u8 nameLength, name, u32 polygonCount, polygons, u32 lineCount, lines
//   polygon: i32 bbox[4] (west, south, east, north), u32 ringCount, rings
//   ring / line: u32 pointCount, then (lon, lat) pairs as zigzag varint deltas from the
//   previous point (the first from 0,0); a line also starts with its i32 bbox[4].
// Big land polygons are clipped into TILE-degree cells so the widget can skip what is off
// screen; land is filled, never stroked, so the cut edges never show.
import fs from "fs";
import path from "path";

const [atlasDir, outFile, withFine] = process.argv.slice(2);
const topo = await import(path.resolve(atlasDir, "../topojson-client/src/index.js"));
const SCALE = 10000;
const TILE = 10;

const levels = [["110m", 0], ["50m", TILE]];
if (withFine === "10m") levels.push(["10m", TILE]);

function read(name) {
  return JSON.parse(fs.readFileSync(path.join(atlasDir, name), "utf8"));
}

// Sutherland-Hodgman against one half-plane: axis 0 lon, 1 lat; keep >= v when sign > 0.
function clipEdge(ring, axis, v, sign) {
  const out = [];
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i], b = ring[(i + 1) % ring.length];
    const ina = sign * (a[axis] - v) >= 0, inb = sign * (b[axis] - v) >= 0;
    if (ina) out.push(a);
    if (ina !== inb) {
      const t = (v - a[axis]) / (b[axis] - a[axis]);
      out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
    }
  }
  return out;
}

function clipRing(ring, w, s, e, n) {
  let r = ring;
  r = clipEdge(r, 0, w, 1); if (r.length < 3) return null;
  r = clipEdge(r, 0, e, -1); if (r.length < 3) return null;
  r = clipEdge(r, 1, s, 1); if (r.length < 3) return null;
  r = clipEdge(r, 1, n, -1); if (r.length < 3) return null;
  return r;
}

function bbox(points) {
  let b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) b = [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)];
  return b;
}

const openRing = (r) =>
  r.length > 1 && r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1] ? r.slice(0, -1) : r;

// Clips a polygon (outer ring, then holes) to a box; null when nothing of it is inside.
function clipPolygon(rings, w, s, e, n) {
  const outer = clipRing(openRing(rings[0]), w, s, e, n);
  if (!outer) return null;
  const holes = rings.slice(1).map((r) => clipRing(openRing(r), w, s, e, n)).filter(Boolean);
  return [outer, ...holes];
}

// Splits one polygon into per-tile pieces when it spans more than a tile.
function tilePolygon(rings, tile) {
  const b = bbox(rings[0]);
  if (!tile || (b[2] - b[0] <= tile && b[3] - b[1] <= tile)) return [rings];
  const pieces = [];
  for (let w = Math.floor(b[0] / tile) * tile; w < b[2]; w += tile)
    for (let s = Math.floor(b[1] / tile) * tile; s < b[3]; s += tile) {
      const piece = clipPolygon(rings, w, s, w + tile, s + tile);
      if (piece) pieces.push(piece);
    }
  return pieces;
}

// Natural Earth rings and lines that cross the antimeridian jump from +180 to -180 between two
// points. Make them continuous (longitudes may then pass ±180) ...
function unwrap(points) {
  const out = [points[0]];
  for (let i = 1; i < points.length; i++) {
    let [x, y] = points[i];
    const px = out[i - 1][0];
    while (x - px > 180) x -= 360;
    while (x - px < -180) x += 360;
    out.push([x, y]);
  }
  return out;
}

// ... then cut a polygon into its parts inside [-180, 180], shifting the part beyond back.
function splitPolygonAtAntimeridian(rings) {
  const unwrapped = rings.map(unwrap);
  const b = bbox(unwrapped[0]);
  if (b[0] >= -180 && b[2] <= 180) return [unwrapped];
  const parts = [];
  for (const shift of [-360, 0, 360]) {
    const moved = unwrapped.map((r) => r.map(([x, y]) => [x + shift, y]));
    const part = clipPolygon(moved, -180, -90, 180, 90);
    if (part) parts.push(part);
  }
  return parts;
}

// Lines are split where they jump across the antimeridian.
function splitLineAtAntimeridian(line) {
  const out = [[line[0]]];
  for (let i = 1; i < line.length; i++) {
    if (Math.abs(line[i][0] - line[i - 1][0]) > 180) out.push([]);
    out[out.length - 1].push(line[i]);
  }
  return out.filter((l) => l.length >= 2);
}

// Splits long border lines so each piece has a small bounding box.
function chunkLine(line, size = 48) {
  const out = [];
  for (let i = 0; i < line.length - 1; i += size) out.push(line.slice(i, i + size + 1));
  return out;
}

class Writer {
  constructor() { this.bytes = []; }
  u8(v) { this.bytes.push(v & 0xff); }
  u32(v) { for (let i = 0; i < 4; i++) this.u8(v >>> (8 * i)); }
  i32(v) { this.u32(v >>> 0); }
  varint(v) { v = (v << 1) ^ (v >> 31); v >>>= 0; while (v >= 0x80) { this.u8((v & 0x7f) | 0x80); v >>>= 7; } this.u8(v); }
  points(pts) {
    this.u32(pts.length);
    let px = 0, py = 0;
    for (const [x, y] of pts) { this.varint(x - px); this.varint(y - py); px = x; py = y; }
  }
  bbox(pts) { const b = bbox(pts); for (const v of b) this.i32(v); }
}

const q = (pts) => pts.map(([x, y]) => [Math.round(x * SCALE), Math.round(y * SCALE)]);
const out = new Writer();
for (const c of "FWBM") out.u8(c.charCodeAt(0));
out.u32(1); out.u32(SCALE); out.u32(levels.length);
for (const [name, tile] of levels) {
  const land = read(`land-${name}.json`);
  const countries = read(`countries-${name}.json`);
  const landGeo = topo.feature(land, land.objects.land);
  const polys = landGeo.features.flatMap((f) => f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates);
  const pieces = polys.flatMap(splitPolygonAtAntimeridian).flatMap((p) => tilePolygon(p, tile)).map((p) => p.map(q));
  const borders = topo.mesh(countries, countries.objects.countries, (a, b) => a !== b).coordinates;
  const lines = borders.flatMap(splitLineAtAntimeridian).flatMap((l) => chunkLine(l)).map(q);

  out.u8(name.length); for (const c of name) out.u8(c.charCodeAt(0));
  out.u32(pieces.length);
  for (const rings of pieces) { out.bbox(rings[0]); out.u32(rings.length); for (const r of rings) out.points(r); }
  out.u32(lines.length);
  for (const l of lines) { out.bbox(l); out.points(l); }
  console.log(`${name}: ${polys.length} land polygons in ${pieces.length} pieces, ${lines.length} border pieces`);
}
fs.writeFileSync(outFile, Buffer.from(out.bytes));
console.log(`${outFile}: ${out.bytes.length} bytes`);
