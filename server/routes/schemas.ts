// Response shapes every route shares.
import { z } from 'zod';

/** Every error answer: a Chinese message, and per-field messages for validation errors. */
export const errorResponse = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
