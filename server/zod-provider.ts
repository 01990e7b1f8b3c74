// A minimal zod type provider for Fastify: route schemas are zod schemas, request parts are
// parsed (and transformed) by them, responses are checked against them before they are sent.
import type { FastifySchemaCompiler, FastifyTypeProvider } from 'fastify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';

export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

export interface FieldError {
  /** Dotted path of the field, '' for the body as a whole. */
  field: string;
  message: string;
}

/** Thrown into Fastify's error path when a request part fails its schema. */
export class RequestValidationError extends Error {
  override name = 'RequestValidationError';
  readonly statusCode = 400;
  readonly code = 'FST_ERR_VALIDATION';
  readonly fields: FieldError[];
  constructor(fields: FieldError[]) {
    super(fields.map((field) => field.message).join('；'));
    this.fields = fields;
  }
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message }));
}

export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema }) => (data) => {
  const result = schema.safeParse(data);
  return result.success ? { value: result.data } : { error: new RequestValidationError(fieldErrors(result.error)) };
};

export const serializerCompiler: FastifySerializerCompiler<z.ZodType> = ({ schema }) => (data) => JSON.stringify(schema.parse(data));
