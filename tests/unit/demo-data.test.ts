import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DemoDataError, demoLines, readDemoData, readDemoText } from '../../scripts/demo/data-files.ts';
import { DEMO_POSTS } from '../../scripts/demo/demo-posts.ts';

describe('the demo data files', () => {
  it('stop the seed naming the file and the field when the data does not fit its schema', () => {
    const wrong = z.array(z.strictObject({ code: z.string(), name: z.number() }).loose());
    expect(() => readDemoData('units.json', wrong)).toThrow(DemoDataError);
    expect(() => readDemoData('units.json', wrong)).toThrow(/units\.json[\s\S]*name/);
  });

  it('join lines written as an array, as the product stores multi-line text', () => {
    expect(demoLines.parse(['1. 第一条', '2. 第二条'])).toBe('1. 第一条\n2. 第二条');
  });

  it('read each post body from its Markdown file, without the final line break', () => {
    expect(DEMO_POSTS.length).toBeGreaterThan(0);
    for (const post of DEMO_POSTS) {
      expect(post.body.endsWith('\n')).toBe(false);
      expect(post.body.length).toBeGreaterThan(0);
    }
    expect(readDemoText('posts/01.md')).toMatch(/^3月20日/);
  });
});
