// The app's icon, drawn in code so it needs no image editor and no binary
// file in the repository: a white speech bubble with three dots (a reply
// being written) on the app's accent colour. `icon(size, { maskable })`
// gives a PNG.
//
// Shapes are signed distance functions in a unit square, sampled 4×4 per
// pixel for smooth edges. A plain icon is a rounded square on transparency;
// a maskable one fills the whole square (the launcher cuts its own shape)
// and keeps the mark inside the safe zone, the centred circle of radius 0.4.
import { crc32, deflateSync } from "node:zlib";

/** The accent of style/base.css (light theme): the icon's background. */
export const ACCENT = [0xe0, 0x44, 0x5b];
const WHITE = [0xff, 0xff, 0xff];
const SAMPLES = 4;

/** Distance from (x, y) to a rounded rectangle; negative inside. */
function roundedRect(x, y, left, top, right, bottom, radius) {
  const cx = (left + right) / 2;
  const cy = (top + bottom) / 2;
  const qx = Math.abs(x - cx) - (right - left) / 2 + radius;
  const qy = Math.abs(y - cy) - (bottom - top) / 2 + radius;
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - radius;
}

/** Whether (x, y) is inside the triangle a, b, c. */
function inTriangle(x, y, [ax, ay], [bx, by], [cx, cy]) {
  const side = (px, py, qx, qy) => (x - qx) * (py - qy) - (px - qx) * (y - qy);
  const d1 = side(ax, ay, bx, by);
  const d2 = side(bx, by, cx, cy);
  const d3 = side(cx, cy, ax, ay);
  const negative = d1 < 0 || d2 < 0 || d3 < 0;
  const positive = d1 > 0 || d2 > 0 || d3 > 0;
  return !(negative && positive);
}

/**
 * The colour at (x, y) of the unit square as [r, g, b, alpha 0..1].
 * A maskable icon draws the mark at 88% about the centre.
 */
function colourAt(x, y, { maskable }) {
  const background = maskable ? true : roundedRect(x, y, 0, 0, 1, 1, 0.22) <= 0;
  if (!background) return null;
  const scale = maskable ? 0.88 : 1;
  const mx = (x - 0.5) / scale + 0.5;
  const my = (y - 0.5) / scale + 0.5;
  const bubble =
    roundedRect(mx, my, 0.2, 0.24, 0.8, 0.68, 0.13) <= 0 ||
    inTriangle(mx, my, [0.29, 0.6], [0.29, 0.8], [0.47, 0.66]);
  const dot = [0.36, 0.5, 0.64].some((cx) => Math.hypot(mx - cx, my - 0.46) <= 0.055);
  return bubble && !dot ? WHITE : ACCENT;
}

/** RGBA pixels of the icon at `size` × `size`. */
function pixels(size, options) {
  const out = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = colourAt((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size, options);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          covered += 1;
        }
      }
      const at = (py * size + px) * 4;
      if (covered > 0) {
        out[at] = Math.round(r / covered);
        out[at + 1] = Math.round(g / covered);
        out[at + 2] = Math.round(b / covered);
        out[at + 3] = Math.round((covered / (SAMPLES * SAMPLES)) * 255);
      }
    }
  }
  return out;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A PNG (8-bit RGBA, no interlace) of the icon at `size` px square. */
export function icon(size, { maskable = false } = {}) {
  const rgba = pixels(size, { maskable });
  // Each row starts with its filter type: 0, none.
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // depth 8, RGBA, deflate, adaptive filters, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
