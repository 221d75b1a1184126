import fastifyMultipart from '@fastify/multipart';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readUpload } from './forms.js';

const app = Fastify();
beforeAll(async () => {
  await app.register(fastifyMultipart);
  app.post('/upload', async (request) => {
    const { fields, file, tooBig } = await readUpload(request, 10);
    return { fields, file: file && { name: file.name, text: file.data.toString('utf8') }, tooBig };
  });
  await app.ready();
});
afterAll(() => app.close());

/** A multipart body with text fields and one file part. */
function multipart(fields: Record<string, string>, file: { name: string; text: string }) {
  const b = 'XyZboundary';
  const parts = Object.entries(fields).map(([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  parts.push(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n${file.text}\r\n`);
  return { payload: `${parts.join('')}--${b}--\r\n`, headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}

describe('readUpload', () => {
  it('gives the fields (not the CSRF token) and the file', async () => {
    const r = await app.inject({ method: 'POST', url: '/upload', ...multipart({ _csrf: 't', channel: 'paper-form' }, { name: 'a.csv', text: 'x,y' }) });
    expect(r.json()).toEqual({ fields: { channel: 'paper-form' }, file: { name: 'a.csv', text: 'x,y' }, tooBig: false });
  });

  it('says a file over the limit is too big, and does not return it', async () => {
    const r = await app.inject({ method: 'POST', url: '/upload', ...multipart({}, { name: 'a.csv', text: '0123456789abc' }) });
    expect(r.json()).toEqual({ fields: {}, tooBig: true });
  });

  it('treats an empty file part (no file chosen) as no file', async () => {
    const r = await app.inject({ method: 'POST', url: '/upload', ...multipart({ content: 'pasted' }, { name: '', text: '' }) });
    expect(r.json()).toEqual({ fields: { content: 'pasted' }, tooBig: false });
  });
});
