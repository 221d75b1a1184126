import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { HttpError } from './http.js';
import { ImportRefused, describeProblem, problemsJson } from './importKit.js';

const isApi = (request: FastifyRequest) => request.url.startsWith('/api/');

export function sendProblem(reply: FastifyReply, request: FastifyRequest, status: number, title: string, detail?: string, extra: Record<string, unknown> = {}) {
  return reply
    .status(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title, status, detail, instance: request.url, ...extra });
}

async function sendErrorPage(reply: FastifyReply, status: number, title: string, detail?: string) {
  reply.status(status).type('text/html; charset=utf-8');
  return reply.view('error.njk', { title, status, detail });
}

/** GOV.UK-style error pages for people, problem+json (RFC 9457) for the API. */
export function registerErrorHandlers(app: FastifyInstance) {
  app.setNotFoundHandler(async (request, reply) => {
    if (isApi(request)) return sendProblem(reply, request, 404, 'Not found', `No resource at ${request.url}`);
    return sendErrorPage(reply, 404, 'Page not found', 'If you typed the web address, check it is correct.');
  });

  app.setErrorHandler(async (error: FastifyError | HttpError | ZodError | ImportRefused, request, reply) => {
    let status = 500;
    let title = 'Sorry, there is a problem with the service';
    let detail: string | undefined = 'Try again later.';
    let extra: Record<string, unknown> = {};
    if (error instanceof ImportRefused) {
      status = 422;
      title = 'The file was refused';
      detail = `${error.message}. ${error.problems.slice(0, 20).map(describeProblem).join('; ')}`;
      extra = { errors: problemsJson(error.problems) };
    } else if (error instanceof HttpError) {
      status = error.statusCode;
      title = error.title;
      detail = error.detail;
    } else if (error instanceof ZodError) {
      status = 400;
      title = 'Invalid request';
      detail = error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');
      extra = { errors: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
    } else if (error.code?.startsWith('FST_CSRF')) {
      status = 403;
      title = 'This form has expired';
      detail = 'Go back, reload the page and try again. (The security token was missing or invalid.)';
    } else if (error.statusCode && error.statusCode < 500) {
      status = error.statusCode;
      title = status === 429 ? 'Too many requests' : 'Bad request';
      detail = error.message;
    }
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ status, title }, 'request refused');
    if (isApi(request)) return sendProblem(reply, request, status, title, detail, extra);
    return sendErrorPage(reply, status, title, detail);
  });
}
