// The demo bureau's data lives in scripts/demo/data/ (JSON, and Markdown for post bodies). Each
// file is read once and checked against its zod schema, so a typo in the data stops the seed with
// the file and the field named, before anything is written.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const DATA_DIR = join(import.meta.dirname, 'data');

export class DemoDataError extends Error {
  override name = 'DemoDataError';
}

/** A JSON file of scripts/demo/data/, parsed by `schema`. */
export function readDemoData<T extends z.ZodType>(file: string, schema: T): z.output<T> {
  const path = join(DATA_DIR, file);
  const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new DemoDataError(`${path}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** A text file of scripts/demo/data/ (a post body in Markdown), without its final line break. */
export function readDemoText(file: string): string {
  return readFileSync(join(DATA_DIR, file), 'utf8').replace(/\n$/, '');
}

/** Non-empty text. */
export const demoText = z.string().min(1);
/** YYYY-MM-DD. */
export const demoDate = z.iso.date();
/** Lines written as a JSON array, joined as the product stores them. */
export const demoLines = z.array(demoText).min(1).transform((lines) => lines.join('\n'));
