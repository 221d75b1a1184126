import type { FastifyReply } from 'fastify';
import type { ReportDocument } from './blocks.js';
import { renderDocx, renderPdf } from './render.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Sends a report as a Word or PDF download named `name`. */
export async function sendDocument(reply: FastifyReply, doc: ReportDocument, format: 'docx' | 'pdf', name: string) {
  if (format === 'docx') {
    return reply
      .header('content-type', DOCX)
      .header('content-disposition', `attachment; filename="${name}.docx"`)
      .send(await renderDocx(doc));
  }
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="${name}.pdf"`)
    .send(await renderPdf(doc));
}
