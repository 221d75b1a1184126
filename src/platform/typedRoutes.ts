import type { FastifyInstance, FastifyTypeProvider } from 'fastify';
import AjvCompiler from '@fastify/ajv-compiler';
import { z } from 'zod';

const ajvFactory = AjvCompiler();

/**
 * A Fastify type provider for zod (ADR 0020): a route's `schema.params`, `schema.querystring` and
 * `schema.body`, when they are zod schemas, type `request.params`, `request.query` and
 * `request.body` from what they parse to, and are checked by zod before the handler runs.
 *
 * Written here rather than taken from fastify-type-provider-zod because the API routes keep JSON
 * Schemas (they make the OpenAPI document): `buildValidator` checks zod schemas with zod and hands
 * every other schema to Fastify's own Ajv compiler, in the same app.
 */
export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

const isZod = (schema: unknown): schema is z.ZodType => schema instanceof z.ZodType;

/** A failed check, in the shape Fastify's error handler knows (`error.validation`, status 400). */
class RequestInvalid extends Error {
  statusCode = 400;
  validation: { instancePath: string; message: string }[];
  constructor(error: z.ZodError, part: string) {
    super(error.issues.map((i) => `${[part, ...i.path.map(String)].join('.')}: ${i.message}`).join('; '));
    this.name = 'RequestInvalid';
    this.validation = error.issues.map((i) => ({ instancePath: `/${i.path.map(String).join('/')}`, message: i.message }));
  }
}

/**
 * The app's validator factory (Fastify's `schemaController.compilersFactory.buildValidator`): zod
 * schemas are checked with zod, every other schema with Fastify's own Ajv compiler as before.
 */
function buildZodOrAjv(externalSchemas: Parameters<AjvCompiler.ValidatorFactory>[0], options: Parameters<AjvCompiler.ValidatorFactory>[1]) {
  const ajv = ajvFactory(externalSchemas, options);
  return (route: AjvCompiler.RouteDefinition) => {
    const { schema, httpPart } = route;
    if (!isZod(schema)) return ajv(route);
    return (data: unknown) => {
      const result = schema.safeParse(data);
      return result.success ? { value: result.data } : { error: new RequestInvalid(result.error, httpPart ?? 'request') };
    };
  };
}
// Cast: Fastify accepts a validator returning `{ value } | { error }` (its documented contract for
// custom compilers), which Ajv's type for a validate function does not describe.
export const buildValidator = buildZodOrAjv as unknown as AjvCompiler.ValidatorFactory;

/** The routes of one plugin, typed from their zod schemas: `const app = typedRoutes(scope)`. */
export function typedRoutes(scope: FastifyInstance) {
  return scope.withTypeProvider<ZodTypeProvider>();
}

// ---- Schemas that routes share -------------------------------------------------------------

/** A value from a form or a query string: one string, or the first of several. */
const oneValue = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? (v[0] ?? '') : v));

/** `:id` in the address. */
export const idParams = z.object({ id: z.string() });

/** A submitted urlencoded form, as typed: each field a string, or a list for repeated fields. */
export const formBody = z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({});
export type FormValues = z.output<typeof formBody>;

/** A query string of optional text parameters: `queryOf('plan', 'year')` → `{ plan?: string; year?: string }`. */
export function queryOf<K extends string>(...names: K[]) {
  // Cast: Object.fromEntries forgets the names; the object has exactly one optional value per name.
  return z.object(Object.fromEntries(names.map((n) => [n, oneValue.optional()])) as { [P in K]: z.ZodOptional<typeof oneValue> }).passthrough();
}
