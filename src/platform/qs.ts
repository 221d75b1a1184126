/**
 * Parses a query string or urlencoded form body; a repeated key becomes an array (checkbox lists).
 * Keys are plain names: no nested objects, so no prototype pollution.
 */
export function qs(input: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [k, v] of new URLSearchParams(input)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[k] = [prev, v];
  }
  return { ...out };
}
