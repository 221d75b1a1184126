import type { FastifyReply } from 'fastify';
import type { ScrutinyDocument } from '../scrutinyRepository.js';

const SAFE_TYPES =
  /^(application\/pdf|text\/plain|text\/csv|application\/msword|application\/vnd\.ms-excel|application\/vnd\.openxmlformats-officedocument\.[a-z.]+|application\/vnd\.oasis\.opendocument\.[a-z.]+|image\/png|image\/jpeg)$/;

/** Content type to serve an uploaded file with: known document types as given, anything else as bytes. */
export function safeContentType(type: string | null): string {
  const base = (type ?? '').split(';')[0].trim().toLowerCase();
  if (!SAFE_TYPES.test(base)) return 'application/octet-stream';
  return base.startsWith('text/') ? `${base}; charset=utf-8` : base;
}

/** Sends an uploaded paper as a download (never rendered inline as a page of this site). */
export function sendDocument(reply: FastifyReply, doc: ScrutinyDocument, data: Buffer) {
  const name = (doc.fileName ?? 'document').replace(/[^\w.-]/g, '_');
  return reply
    .type(safeContentType(doc.contentType))
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('x-content-type-options', 'nosniff')
    .send(data);
}
