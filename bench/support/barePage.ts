// The baseline page of bench/public-pages.bench.ts, as a process of its own: Fastify, @fastify/view,
// Nunjucks and govuk-frontend's template and macros, nothing else (no security headers, sessions,
// database). GET /page?bytes=N draws, on every request, a page of about N bytes: govuk-frontend's
// header and footer and as many summary lists as make up the weight.
import { join } from 'node:path';
import Fastify from 'fastify';
import fastifyView from '@fastify/view';
import nunjucks from 'nunjucks';

const ROOT = join(import.meta.dirname, '..', '..');
const app = Fastify({ logger: false });
await app.register(fastifyView, {
  engine: { nunjucks },
  templates: [join(import.meta.dirname, 'bare'), join(ROOT, 'node_modules', 'govuk-frontend', 'dist')],
  options: { autoescape: true, noCache: false },
});

const section = (i: number) => ({
  title: `Section ${i + 1}: keeping people safe in their neighbourhoods`,
  rows: Array.from({ length: 5 }, (_, r) => ({
    key: { text: `Commitment ${i + 1}.${r + 1}` },
    value: { text: 'We will work with partners to reduce harm, support victims and make our streets safer, and report on progress every quarter.' },
  })),
});
const sized = new Map<number, { title: string; sections: ReturnType<typeof section>[] }>();

/** The data that draws a page of about `bytes` bytes (found once per size, by drawing it). */
async function dataFor(bytes: number) {
  let data = sized.get(bytes);
  if (data) return data;
  const render = async (n: number) => {
    const d = { title: 'A bare page', sections: Array.from({ length: n }, (_, i) => section(i)) };
    return { d, size: Buffer.byteLength(String(await app.view('page.njk', d))) };
  };
  const base = (await render(0)).size;
  const per = ((await render(10)).size - base) / 10;
  data = (await render(Math.max(0, Math.round((bytes - base) / per)))).d;
  sized.set(bytes, data);
  return data;
}

app.get('/page', async (request, reply) => {
  const bytes = Math.min(5_000_000, Math.max(0, Number((request.query as { bytes?: string }).bytes) || 30_000));
  return reply.view('page.njk', await dataFor(bytes));
});

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
