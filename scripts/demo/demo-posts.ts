// The demo bureau's 整改信息: a dozen posts drawn from the rectification report's measures, written
// by the 办公室 or the 台账管理员 and published, one corrected and one withdrawn, each through the
// named actions (server/actions/post-actions.ts) at the moment of its date.
import type { Db } from '../../db/open.ts';
import { listLinkOptions } from '../../db/queries/posts.ts';
import { addPostAttachment, correctPost, createPost, publishPost, type PostResult, withdrawPost } from '../../server/actions/post-actions.ts';
import type { StaffRole, StaffUser } from '../../server/domain/staff.ts';
import { z } from 'zod';
import { demoDate, demoText, readDemoData, readDemoText } from './data-files.ts';
import { bureauInstant } from '../../server/domain/bureau-time.ts';

const postSchema = z.strictObject({
  date: demoDate,
  author: z.enum(['office', 'ledger']),
  title: demoText,
  /** The Markdown body: a file of scripts/demo/data/posts/. */
  body: demoText.transform(readDemoText),
  itemCodes: z.array(demoText),
  /** Outcomes by their exact title. */
  outcomeTitles: z.array(demoText).optional(),
  /** A PDF attachment (a small generated file standing in for the document issued). */
  attachment: demoText.optional(),
  /** A correction on `on`: the post was first published with `earlierBody` (a file too), then corrected to `body`. */
  correction: z.strictObject({ on: demoDate, note: demoText, earlierBody: demoText.transform(readDemoText) }).optional(),
  withdrawal: z.strictObject({ on: demoDate, reason: demoText }).optional(),
});
export type DemoPost = z.output<typeof postSchema>;

export const DEMO_POSTS: readonly DemoPost[] = readDemoData('posts.json', z.array(postSchema));

/** A small, valid one-page PDF standing in for a document the bureau issued. */
export function demoPdf(title: string): Buffer {
  const text = `Demo attachment: ${title.replace(/[^\x20-\x7e]/g, '').trim() || 'document issued'}`.replace(/[()\\]/g, '');
  const stream = `BT /F1 14 Tf 72 760 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** 10:00 in Shanghai on a date, plus `minutes`. */
function moment(date: string, minutes: number): Date {
  return new Date(bureauInstant(date, '10:00').getTime() + minutes * 60_000);
}

/** Runs the demo posts whose dates have come; returns how many were published and are still up. */
export function seedDemoPosts(db: Db, staffByRole: (role: StaffRole) => StaffUser, now: Date): number {
  const options = listLinkOptions(db);
  const itemId = (code: string) => {
    const item = options.find((option) => option.code === code);
    if (!item) throw new Error(`demo post refers to unknown item ${code}`);
    return item.id;
  };
  const outcomeId = (title: string) => {
    const outcome = options.flatMap((option) => option.outcomes).find((candidate) => candidate.title === title);
    if (!outcome) throw new Error(`demo post refers to unknown outcome ${title}`);
    return outcome.id;
  };
  let published = 0;
  for (const post of DEMO_POSTS) {
    if (moment(post.date, 60) > now) continue;
    const actor = staffByRole(post.author);
    const check = <T>(result: PostResult<T>, what: string): T => {
      if (!result.ok) throw new Error(`demo post “${post.title}”: ${what} failed: ${result.message}`);
      return result.value;
    };
    const firstBody = post.correction?.earlierBody ?? post.body;
    const created = check(
      createPost(
        db,
        actor,
        { title: post.title, body: firstBody, postDate: post.date, itemIds: post.itemCodes.map(itemId), outcomeIds: (post.outcomeTitles ?? []).map(outcomeId) },
        { now: moment(post.date, 0) },
      ),
      'create',
    );
    let version = created.version;
    if (post.attachment) {
      version = check(addPostAttachment(db, actor, created.id, { fileName: post.attachment, content: demoPdf(post.attachment) }, { now: moment(post.date, 20) }), 'attachment').version;
    }
    version = check(publishPost(db, actor, created.id, { version }, { now: moment(post.date, 60) }), 'publish').version;
    published += 1;
    if (post.correction && moment(post.correction.on, 0) <= now) {
      version = check(correctPost(db, actor, created.id, { version, body: post.body, note: post.correction.note }, { now: moment(post.correction.on, 0) }), 'correct').version;
    }
    if (post.withdrawal && moment(post.withdrawal.on, 0) <= now) {
      check(withdrawPost(db, actor, created.id, { version, reason: post.withdrawal.reason }, { now: moment(post.withdrawal.on, 0) }), 'withdraw');
      published -= 1;
    }
  }
  return published;
}
