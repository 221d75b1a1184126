/**
 * A chart layout as a small PNG, for Word readers that cannot show SVG (Word embeds the SVG with
 * this as its fallback). Shapes only: the words are in the image's alternative text, the caption
 * and the table that follows the chart.
 */
import { deflateSync } from 'node:zlib';
import type { ChartLayout } from './layout.js';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(buf: Buffer) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
const rgb = (hex: string) => {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return m ? [1, 2, 3].map((i) => parseInt(m[i], 16)) : [0, 0, 0];
};

/** Rasterises the layout's lines, bars, polylines and points `width` pixels wide. */
export function pngOfLayout(L: ChartLayout, width = 600): Buffer {
  const k = width / L.width;
  const height = Math.max(1, Math.round(L.height * k));
  const px = Buffer.alloc(width * height * 3, 255);
  const set = (x: number, y: number, [r, g, b]: number[]) => {
    const [ix, iy] = [Math.round(x), Math.round(y)];
    if (ix < 0 || iy < 0 || ix >= width || iy >= height) return;
    const i = (iy * width + ix) * 3;
    px[i] = r;
    px[i + 1] = g;
    px[i + 2] = b;
  };
  const line = (x0: number, y0: number, x1: number, y1: number, colour: number[], thick: number, dash = 0) => {
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
    const half = Math.floor(Math.max(1, Math.round(thick)) / 2);
    for (let s = 0; s <= steps; s++) {
      if (dash && Math.floor(s / dash) % 2) continue;
      const x = x0 + ((x1 - x0) * s) / steps;
      const y = y0 + ((y1 - y0) * s) / steps;
      for (let dx = -half; dx <= half; dx++) for (let dy = -half; dy <= half; dy++) set(x + dx, y + dy, colour);
    }
  };
  for (const l of L.lines) line(l.x1 * k, l.y1 * k, l.x2 * k, l.y2 * k, rgb(l.colour), l.width * k, l.dashed ? 4 : 0);
  for (const r of L.rects) {
    const c = rgb(r.colour);
    for (let x = Math.round(r.x * k); x < Math.round((r.x + r.w) * k); x++)
      for (let y = Math.round(r.y * k); y < Math.round((r.y + r.h) * k); y++) set(x, y, c);
  }
  for (const p of L.polylines)
    for (let i = 1; i < p.points.length; i++)
      line(p.points[i - 1][0] * k, p.points[i - 1][1] * k, p.points[i][0] * k, p.points[i][1] * k, rgb(p.colour), 2.5 * k);
  for (const c of L.circles) {
    const r = Math.max(1, c.r * k);
    const colour = rgb(c.colour);
    for (let dx = -r; dx <= r; dx++) for (let dy = -r; dy <= r; dy++) if (dx * dx + dy * dy <= r * r) set(c.x * k + dx, c.y * k + dy, colour);
  }
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let row = 0; row < height; row++) px.copy(raw, row * (width * 3 + 1) + 1, row * width * 3, (row + 1) * width * 3);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
