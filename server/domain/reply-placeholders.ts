// Placeholders in reply templates, filled when a template is inserted into a reply. Pure: the admin
// app fills them from the opinion it shows; the templates screen lists them from REPLY_PLACEHOLDERS.
// A placeholder without a value (no 受理日期 before the opinion is accepted) stays as written, so
// the writer sees what is still to be filled in.
import { bureauDate } from './bureau-time.ts';

export const REPLY_PLACEHOLDERS = [
  { name: '单位', meaning: '答复的单位：承办单位（学校或科室），未转办时为教育局' },
  { name: '反映人称呼', meaning: '按身份称呼反映人：家长、同学、老师，其他人为“反映人”（不用姓名）' },
  { name: '受理日期', meaning: '受理该意见的日期，如 2026年12月5日' },
  { name: '答复期限', meaning: '答复期限（含延期），如 2026年12月12日' },
  { name: '提交日期', meaning: '反映人提交意见的日期' },
  { name: '查询码', meaning: '意见的查询码' },
  { name: '类别', meaning: '意见类别，如 减负与补课' },
] as const;

export type ReplyPlaceholder = (typeof REPLY_PLACEHOLDERS)[number]['name'];

/** How a reply addresses the submitter: by role, never by name (replies may be published). */
export const SUBMITTER_SALUTATIONS: Record<string, string> = {
  parent: '家长',
  student: '同学',
  teacher: '老师',
  other: '反映人',
};

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' → 'YYYY年M月D日', with no time zone or browser language involved. */
export function chineseDate(date: string): string {
  const match = CALENDAR_DATE.exec(date);
  if (!match) return date;
  return `${match[1]}年${Number(match[2])}月${Number(match[3])}日`;
}

export interface PlaceholderFacts {
  /** The unit the opinion is with; null before it is assigned. */
  assignedUnitName: string | null;
  /** The bureau's name, for an opinion the 办公室 answers itself. */
  bureauName: string;
  role: string;
  /** ISO instants. */
  submittedAt: string;
  acceptedAt: string | null;
  /** Bureau dates. */
  replyDueOn: string | null;
  trackingCode: string;
  categoryLabel: string;
}

export function placeholderValues(facts: PlaceholderFacts): Record<ReplyPlaceholder, string | null> {
  return {
    单位: facts.assignedUnitName ?? facts.bureauName,
    反映人称呼: SUBMITTER_SALUTATIONS[facts.role] ?? '反映人',
    受理日期: facts.acceptedAt ? chineseDate(bureauDate(facts.acceptedAt)) : null,
    答复期限: facts.replyDueOn ? chineseDate(facts.replyDueOn) : null,
    提交日期: chineseDate(bureauDate(facts.submittedAt)),
    查询码: facts.trackingCode,
    类别: facts.categoryLabel,
  };
}

/** Fills every known placeholder that has a value; returns the text and the ones left unfilled. */
export function fillPlaceholders(body: string, values: Partial<Record<string, string | null>>): { text: string; unfilled: string[] } {
  const unfilled = new Set<string>();
  const text = body.replace(/\{([^{}\s]{1,10})\}/g, (whole, name: string) => {
    const value = values[name];
    if (typeof value === 'string') return value;
    if (name in values || REPLY_PLACEHOLDERS.some((placeholder) => placeholder.name === name)) unfilled.add(name);
    return whole;
  });
  return { text, unfilled: [...unfilled] };
}
