import type { FastifyReply } from 'fastify';
import { dispositionOf, safeContentType } from '../../../platform/download.js';
import type { ScrutinyDocument } from '../scrutinyRepository.js';

/** Sends an uploaded paper as a download (never rendered inline as a page of this site). */
export function sendDocument(reply: FastifyReply, doc: ScrutinyDocument, data: Buffer) {
  return reply
    .type(safeContentType(doc.contentType))
    .header('content-disposition', dispositionOf(doc.fileName, { fallback: 'document' }))
    .header('x-content-type-options', 'nosniff')
    .send(data);
}
