import { z } from 'zod';

/** The body of every 4xx/5xx answer (server/plugins/errors.ts makes them). */
export const errorResponse = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
