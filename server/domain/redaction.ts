// A suggested public version of an opinion or a reply, with personal information masked. The
// bureau's office edits and approves it before anything is published: this errs towards masking,
// because a number masked by mistake costs the office one click and a number published by mistake
// cannot be taken back. Pure: no database, no HTTP.
//
// Replacements stay readable for the public and never contain markup characters, so redaction
// neither adds nor removes HTML:
//   mobile          138****8000   (first 3 and last 4 digits, the usual Chinese form; +86 kept)
//   landline        0571-****     (area code kept; a number given without one becomes ****)
//   name            王**          (surname kept, one * per remaining character; 欧阳** for 欧阳娜娜)
//   plate           浙A***        (province and city letter kept)
//   everything else ***
// A labelled value is masked without its label (QQ：***, 学号***), so the sentence still says what
// was there. Offsets are UTF-16 code units of the original text, as String#slice counts them.

export const REDACTION_KINDS = [
  'mobile',
  'landline',
  'id_number',
  'email',
  'qq',
  'wechat',
  'student_number',
  'plate',
  'name',
] as const;

export type RedactionKind = (typeof REDACTION_KINDS)[number];

export const REDACTION_KIND_LABELS: Readonly<Record<RedactionKind, string>> = {
  mobile: '手机号码',
  landline: '固定电话',
  id_number: '身份证号',
  email: '电子邮箱',
  qq: 'QQ号',
  wechat: '微信号',
  student_number: '学号/考号',
  plate: '车牌号',
  name: '姓名',
};

export interface RedactionMatch {
  kind: RedactionKind;
  /** UTF-16 offsets into the original text: `text.slice(start, end) === original`. */
  start: number;
  end: number;
  original: string;
  replacement: string;
}

export interface Redaction {
  text: string;
  /** Sorted by `start`, never overlapping. */
  matches: RedactionMatch[];
}

export interface RedactionOptions {
  /** The submitter's contact name(s) as entered: '王小明', '王女士', '张老师'. */
  names?: readonly string[];
  /** Text that must stay as it is, e.g. the bureau's own published numbers: '0571-87654321', '12345'. */
  keep?: readonly string[];
}

type Candidate = Omit<RedactionMatch, 'original'>;

export function suggestRedaction(text: string, options: RedactionOptions = {}): Redaction {
  // Full-width letters, digits and punctuation (１３８, ＱＱ：, ＠) are what phone keyboards type;
  // mapping them to ASCII keeps every character one code unit wide, so offsets carry over.
  const scan = toHalfWidth(text);
  const candidates = [...DETECTORS.flatMap((detect) => detect(scan)), ...findNames(scan, options.names ?? [])];
  const kept = keptFilter(scan, options.keep ?? []);
  const chosen = longestFirst(candidates.filter((candidate) => !kept(candidate)), text.length);

  let redacted = '';
  let position = 0;
  const matches: RedactionMatch[] = [];
  for (const { kind, start, end, replacement } of chosen) {
    redacted += text.slice(position, start) + replacement;
    position = end;
    matches.push({ kind, start, end, original: text.slice(start, end), replacement });
  }
  return { text: redacted + text.slice(position), matches };
}

// ---------------------------------------------------------------------------------------------
// Detectors. Each regex is global with indices ('gd'); a named group `value`, when present, is the
// part that gets masked, so a label before it ('QQ号：') stays in the text.

type Groups = Record<string, string | undefined>;
type Detector = (scan: string) => Candidate[];

interface PatternRule {
  kind: RedactionKind;
  pattern: RegExp;
  mask: (value: string, groups: Groups) => string;
  /** Extra checks on the value a regex cannot express well (a valid birth date, money nearby). */
  accept?: (value: string, scan: string, start: number, end: number) => boolean;
}

function detector({ kind, pattern, mask, accept }: PatternRule): Detector {
  return (scan) => {
    const found: Candidate[] = [];
    for (const match of scan.matchAll(pattern)) {
      const [start, end] = match.indices?.groups?.value ?? match.indices?.[0] ?? [0, 0];
      const value = scan.slice(start, end);
      if (end > start && (accept?.(value, scan, start, end) ?? true)) {
        found.push({ kind, start, end, replacement: mask(value, match.groups ?? {}) });
      }
    }
    return found;
  };
}

// Between a label and its value: '：', spaces, '是', '为' ('QQ号是 12345678', '微信：abc123').
const GAP = String.raw`[\s:]*(?:是|为)?[\s:]*`;
// Numbers must not be cut out of longer numbers or decimals: 0.13800138000, 138001380001.
const NUMBER_START = String.raw`(?<!\d)(?<!\d\.)`;
const NUMBER_END = String.raw`(?!\d)(?!\.\d)`;
const DASH = '[-‐–—]';

const MOBILE = String.raw`1[3-9]\d(?:(?:[ ]|${DASH})?\d{4}){2}`;
const COUNTRY_PREFIX = String.raw`(?:\(?(?:\+|00)?86\)?[ ]?${DASH}?[ ]?)`;

const MOBILE_RULE: PatternRule = {
  kind: 'mobile',
  pattern: new RegExp(`${NUMBER_START}(?<prefix>${COUNTRY_PREFIX})?(?<number>${MOBILE})${NUMBER_END}`, 'gd'),
  mask: (_value, groups) => (groups.prefix ?? '') + maskMobile(groups.number ?? ''),
  accept: (_value, scan, start, end) => !looksLikeMoney(scan, start, end),
};

// With an area code, any separator or none. A placeholder-like area code (0000-) is accepted only
// with a separator or brackets; without one, only real area codes (010, 02x, 0xxx), so other
// numbers that happen to start with 0 are left alone.
const LANDLINE_RULE: PatternRule = {
  kind: 'landline',
  pattern: new RegExp(
    `${NUMBER_START}(?<area>\\(0\\d{2,3}\\)|0\\d{2,3}(?=[ ]?${DASH}|[ ])|0(?:10|2\\d|[3-9]\\d{2}))(?<sep>[ ]?${DASH}[ ]?|[ ])?` +
      `\\d{7,8}(?:(?:转|分机|${DASH}|ext\\.?|#)\\d{1,5})?${NUMBER_END}`,
    'gd',
  ),
  mask: (_value, groups) => `${groups.area ?? ''}${groups.sep ?? ''}****`,
  accept: (_value, scan, start, end) => !looksLikeMoney(scan, start, end),
};

// Without an area code a 7–8 digit number is only a phone number when the sentence says so.
const LABELLED_LANDLINE_RULE: PatternRule = {
  kind: 'landline',
  pattern: new RegExp(`(?:电话|座机|固话|宅电)(?:号码|号)?${GAP}(?<value>\\d{7,8})${NUMBER_END}`, 'gd'),
  mask: () => '****',
};

const ID_BIRTH_DATE = String.raw`(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])`;

// An 18-character number is an ID only if characters 7–14 are a real date (1900–2099). A wrong
// check digit does not save it: people mistype, and a mistyped ID is still someone's ID.
const ID_NUMBER_RULE: PatternRule = {
  kind: 'id_number',
  pattern: new RegExp(`(?<!\\d)(?<value>[1-9]\\d{5}[ ]?${ID_BIRTH_DATE}[ ]?\\d{3}[\\dXx])(?![\\dXx])`, 'gd'),
  mask: () => '***',
  accept: (value, scan, start, end) => isRealDate(value.replaceAll(' ', '').slice(6, 14)) && !looksLikeMoney(scan, start, end),
};

// After 身份证 the label says what it is: 18 characters whatever the date, or an old 15-digit ID.
const LABELLED_ID_NUMBER_RULE: PatternRule = {
  kind: 'id_number',
  pattern: new RegExp(`身份证(?:件)?(?:号码|号)?${GAP}(?<value>\\d{17}[\\dXx]|\\d{15})(?![\\dXx])`, 'gd'),
  mask: () => '***',
};

const EMAIL_RULE: PatternRule = {
  kind: 'email',
  pattern: /(?<![\w.%+-])[A-Za-z0-9][\w.%+-]{0,63}@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?![A-Za-z])/dg,
  mask: () => '***',
};

// QQ群 numbers are masked too: a class group's number lets strangers ask to join it.
const QQ_RULE: PatternRule = {
  kind: 'qq',
  pattern: new RegExp(`(?<![A-Za-z])(?:[Qq]{2}群?|Q号|扣扣|企鹅)(?:号码|号)?${GAP}(?<value>[1-9]\\d{4,10})(?!\\d)`, 'gd'),
  mask: () => '***',
};

// A WeChat id is 6–20 letters, digits, - and _, starting with a letter; many people use their
// phone number instead. Latin labels (vx, wx) must stand apart from the id: 'vxabc123' is ambiguous.
const WECHAT_RULE: PatternRule = {
  kind: 'wechat',
  pattern: new RegExp(
    `(?:微信|[Vv]信|(?<![A-Za-z])(?:[Vv][Xx]|[Ww][Xx]|[Ww]e[Cc]hat)(?![A-Za-z]))(?:号码|号|ID|id)?${GAP}` +
      `(?<value>[A-Za-z][\\w-]{5,19}(?![\\w-])|${COUNTRY_PREFIX}?${MOBILE}(?!\\d))`,
    'gd',
  ),
  mask: () => '***',
};

const STUDENT_NUMBER_RULE: PatternRule = {
  kind: 'student_number',
  pattern: new RegExp(
    `(?:准考证号码|准考证号|准考证|考生号|考号|全国学籍号|学籍号码|学籍号|学生证号|学号)${GAP}` +
      `(?<value>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?![A-Za-z0-9-])`,
    'gd',
  ),
  mask: () => '***',
  // '学号12' is a seat in the class register, not an identifier worth masking.
  accept: (value) => value.length >= 4 && (value.match(/\d/g)?.length ?? 0) >= 3,
};

// Province, city letter (no I or O), then 5 characters, or 6 on a new-energy plate (D/F first for
// cars, last for lorries and buses).
const PLATE_LETTER = '[A-HJ-NP-Za-hj-np-z]';
const PLATE_CHAR = '[A-HJ-NP-Za-hj-np-z0-9]';
const PLATE_RULE: PatternRule = {
  kind: 'plate',
  pattern: new RegExp(
    `(?<region>[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]${PLATE_LETTER})[·・•. -]?` +
      `(?<body>[DFdf]${PLATE_CHAR}\\d{4}|\\d{5}[DFdf]|${PLATE_CHAR}{4}(?:${PLATE_CHAR}|[挂学警港澳]))(?![A-Za-z0-9])`,
    'gd',
  ),
  mask: (_value, groups) => `${groups.region ?? ''}***`,
  // '京ABCDE公司' is a company name, not a plate: a plate has digits.
  accept: (value) => /\d/.test(value),
};

const DETECTORS: readonly Detector[] = [
  MOBILE_RULE,
  LANDLINE_RULE,
  LABELLED_LANDLINE_RULE,
  ID_NUMBER_RULE,
  LABELLED_ID_NUMBER_RULE,
  EMAIL_RULE,
  QQ_RULE,
  WECHAT_RULE,
  STUDENT_NUMBER_RULE,
  PLATE_RULE,
].map(detector);

function maskMobile(number: string): string {
  const digits = number.replace(/\D/g, '');
  return `${digits.slice(0, 3)}****${digits.slice(7)}`;
}

// '¥13800138000', '13800138000元', '13800138000%' are amounts, not phone numbers.
function looksLikeMoney(scan: string, start: number, end: number): boolean {
  return /(?:[¥￥$]|RMB|人民币)\s*$/.test(scan.slice(Math.max(0, start - 6), start)) || /^\s*(?:元|块|圆|万|亿|美元|%|‰)/.test(scan.slice(end, end + 4));
}

function isRealDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && year <= 2099 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// ---------------------------------------------------------------------------------------------
// Names from the contact fields.

// A contact name is often a surname and a form of address ('王女士', '张老师'): that is exactly what
// the masked form shows anyway, so only what is left after the form of address is searched for.
const FORMS_OF_ADDRESS = /(?:女士|先生|小姐|老师|同学|家长|妈妈|爸爸|校长|主任|阿姨|叔叔|奶奶|爷爷|外婆|外公)+$/;
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯',
  '轩辕', '令狐', '端木', '独孤', '南宫', '西门', '百里', '呼延', '澹台', '公冶', '太史', '申屠', '钟离',
  '闻人', '万俟', '赫连', '东郭', '第五', '单于', '濮阳', '淳于', '仲孙', '拓跋',
]);
const HAN = /\p{Script=Han}/u;

function findNames(scan: string, names: readonly string[]): Candidate[] {
  const found: Candidate[] = [];
  for (const raw of new Set(names)) {
    const name = toHalfWidth(raw).trim().replace(FORMS_OF_ADDRESS, '');
    const characters = Array.from(name);
    if (characters.length < 2) continue;
    // Names written in Latin letters are matched regardless of case; Chinese has no case.
    const pattern = new RegExp(escapeRegExp(name), HAN.test(name) ? 'g' : 'gi');
    const replacement = maskName(characters);
    for (const match of scan.matchAll(pattern)) {
      found.push({ kind: 'name', start: match.index, end: match.index + match[0].length, replacement });
    }
  }
  return found;
}

function maskName(characters: string[]): string {
  if (!HAN.test(characters[0] ?? '')) return `${characters[0]}***`;
  const surname = characters.length >= 3 && COMPOUND_SURNAMES.has(characters.slice(0, 2).join('')) ? 2 : 1;
  return characters.slice(0, surname).join('') + '*'.repeat(characters.length - surname);
}

// ---------------------------------------------------------------------------------------------
// Keeping the bureau's own numbers, and choosing among overlapping matches.

function keptFilter(scan: string, keep: readonly string[]): (candidate: Candidate) => boolean {
  const ranges: Array<[number, number]> = [];
  const phoneDigits = new Set<string>();
  for (const raw of keep) {
    const kept = toHalfWidth(raw).trim();
    if (kept === '') continue;
    for (let at = scan.indexOf(kept); at !== -1; at = scan.indexOf(kept, at + 1)) ranges.push([at, at + kept.length]);
    const digits = nationalDigits(kept);
    if (digits.length >= 7) phoneDigits.add(digits);
  }
  // A match is kept only when it lies inside a kept string: keeping '12345' must not unmask the
  // mobile number 13812345678 around it. Phone numbers are also compared by their digits, so the
  // bureau's '0571-87654321' stays when someone writes (0571)87654321.
  return ({ kind, start, end }) =>
    ranges.some(([from, to]) => from <= start && end <= to) ||
    ((kind === 'mobile' || kind === 'landline') && phoneDigits.has(nationalDigits(scan.slice(start, end))));
}

function nationalDigits(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return /^(?:0086|86)1[3-9]\d{9}$/.test(digits) ? digits.slice(-11) : digits;
}

// On a tie in length, a value found after its label knows better what it is than a bare number:
// '微信13800138000' is a WeChat id, 'QQ13800138000' a QQ number.
const TIE_ORDER: readonly RedactionKind[] = ['email', 'id_number', 'student_number', 'qq', 'wechat', 'landline', 'mobile', 'plate', 'name'];

function longestFirst(candidates: Candidate[], length: number): Candidate[] {
  const ordered = [...candidates].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || TIE_ORDER.indexOf(a.kind) - TIE_ORDER.indexOf(b.kind) || a.start - b.start,
  );
  // One flag per code unit rather than comparing every pair: a long letter can have thousands of matches.
  const taken = new Uint8Array(length);
  const chosen: Candidate[] = [];
  for (const candidate of ordered) {
    if (taken.subarray(candidate.start, candidate.end).includes(1)) continue;
    taken.fill(1, candidate.start, candidate.end);
    chosen.push(candidate);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (character) =>
    character === '\u3000' ? ' ' : String.fromCharCode(character.charCodeAt(0) - 0xfee0),
  );
}
