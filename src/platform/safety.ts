import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from './http.js';

function headerIsValid(name: string, value: unknown): boolean {
  try {
    validateHeaderName(name);
    for (const v of Array.isArray(value) ? value : [value]) validateHeaderValue(name, String(v));
    return true;
  } catch {
    return false;
  }
}

const FAILED_TITLE = 'Sorry, there is a problem with the service';

/** The 500 answer sent instead of a response whose headers Node would refuse to write. */
function failedBody(request: FastifyRequest, reply: FastifyReply): string {
  if (request.url.startsWith('/api/')) {
    reply.type('application/problem+json');
    return JSON.stringify({ type: 'about:blank', title: FAILED_TITLE, status: 500, detail: 'Try again later.' });
  }
  reply.type('text/html; charset=utf-8');
  return `<!DOCTYPE html><html lang="en"><head><title>${FAILED_TITLE}</title></head><body><h1>${FAILED_TITLE}</h1><p>Try again later.</p></body></html>`;
}

/**
 * Safety nets that keep one request's bad data from stopping the process:
 * - a header Node would refuse (a control character or a non-Latin-1 letter from data) makes
 *   that response a logged 500 instead of an exception thrown while the response is written;
 * - a NUL character in the path, the query string or a form field is refused with a 400 before
 *   any handler (PostgreSQL text cannot hold it).
 */
export function registerSafetyNets(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply, payload) => {
    const bad = Object.entries(reply.getHeaders()).filter(([name, value]) => !headerIsValid(name, value));
    if (!bad.length) return payload;
    request.log.error({ headers: bad.map(([name]) => name) }, 'response headers not valid: answered 500 instead');
    for (const [name] of bad) reply.removeHeader(name);
    reply.removeHeader('content-length');
    reply.removeHeader('content-disposition');
    reply.code(500);
    return failedBody(request, reply);
  });

  app.addHook('preValidation', async (request) => {
    if (/%00|\0/i.test(request.url) || hasNul(request.body)) {
      throw badRequest('The address or the form contains a NUL character, which is not allowed.');
    }
  });
}

/** Whether a parsed form value (or one of its names) holds a NUL character. */
export function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    return Object.entries(value).some(([k, v]) => k.includes('\0') || hasNul(v));
  }
  return false;
}
