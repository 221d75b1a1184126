/** An error with an HTTP status that the error handler turns into a page or problem+json. */
export class HttpError extends Error {
  constructor(
    public readonly statusCode: number,
    public readonly title: string,
    public readonly detail?: string,
  ) {
    super(detail ?? title);
    this.name = 'HttpError';
  }
}

export const notFound = (detail?: string) => new HttpError(404, 'Page not found', detail);
export const forbidden = (detail?: string) => new HttpError(403, 'You do not have permission to do this', detail);
export const badRequest = (detail?: string) => new HttpError(400, 'Bad request', detail);
export const conflict = (detail?: string) => new HttpError(409, 'Conflict', detail);

/** A rule of the business was broken (e.g. a lifecycle transition that is not allowed). */
export class RuleError extends HttpError {
  constructor(detail: string) {
    super(422, 'This cannot be done', detail);
    this.name = 'RuleError';
  }
}

/** A broken rule that belongs to one field of a form (so the error summary can link to it). */
export class FieldRuleError extends RuleError {
  constructor(
    public readonly field: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'FieldRuleError';
  }
}
