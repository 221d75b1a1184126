import http from 'node:http';

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Responses that were not the expected status. */
  failures: number;
  bytes: number;
}

/**
 * `connections` keep-alive connections, each sending its next request as soon as the last one is
 * answered, for `ms` milliseconds: requests per second and latency percentiles. node:http rather
 * than fetch: the client shares the machine with the servers, and fetch costs several times more
 * per request.
 */
export async function load(url: string, opts: { connections: number; ms: number; headers?: Record<string, string>; status?: number }): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const times: number[] = [];
  let failures = 0;
  let bytes = 0;
  const until = performance.now() + opts.ms;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const t = performance.now();
      const req = http.get(url, { agent, headers: opts.headers }, (res) => {
        let n = 0;
        res.on('data', (c: Buffer) => (n += c.length));
        res.on('end', () => {
          times.push(performance.now() - t);
          bytes = n;
          if (res.statusCode !== (opts.status ?? 200)) failures++;
          resolve();
        });
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      while (performance.now() < until) await one();
    }),
  );
  const secs = (performance.now() - started) / 1000;
  agent.destroy();
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)] ?? NaN;
  return { requests: times.length, perSecond: times.length / secs, p50: pct(0.5), p99: pct(0.99), failures, bytes };
}
