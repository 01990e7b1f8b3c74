// The bureau profile: everything that differs between two bureaus running the portal (names, the
// column's title, contacts, the footer's 备案 numbers, the theme colours), as one file a bureau
// edits (server/bureau.json ships the demo bureau's; see server/CONFIGURATION.md "Bureau profile").
// Pure: the schema and the contrast rule. Reading the file and the BUREAU_* overrides are config's.
import { z } from 'zod';

/** WCAG 2 AA for normal text: every colour pair the site draws text with must reach it. */
export const MIN_CONTRAST = 4.5;

const WHITE = '#ffffff';

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

/** WCAG 2 relative luminance of a #rrggbb colour. */
function relativeLuminance(hex: string): number {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The WCAG contrast ratio of two #rrggbb colours, from 1 to 21. */
export function contrastRatio(first: string, second: string): number {
  const [light, dark] = [relativeLuminance(first), relativeLuminance(second)].sort((a, b) => b - a) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const formatRatio = (ratio: number) => `${Math.floor(ratio * 10) / 10}:1`;

const colour = (label: string) =>
  z
    .string({ error: `${label}必须是颜色，写成 #rrggbb，例如 #b3261e` })
    .regex(HEX_COLOUR, { error: `${label}必须写成 #rrggbb（井号加六位十六进制数），例如 #b3261e` })
    .transform((value) => value.toLowerCase());

/** Text that must be there: a bureau has a name and its column a title. */
const requiredText = (label: string, example: string) =>
  z
    .string({ error: `缺少${label}，例如 "${example}"` })
    .trim()
    .min(1, { error: `${label}不能为空，例如 "${example}"` });

/** A line the footer or the contact block may leave out: an empty string hides it. */
const optionalText = (label: string) => z.string({ error: `${label}必须是文字；没有就写 ""` }).trim().default('');

/**
 * The theme: the accent colour and its companions. Each is checked for the pair it is drawn in,
 * so a bureau cannot choose a colour its readers cannot read.
 */
export const bureauThemeSchema = z
  .object({
    /** Links, buttons, the header bar: text on white and white text on it. */
    accent: colour('强调色 theme.accent'),
    /** Hover and pressed states: on white, and white text on it. */
    accentDark: colour('深强调色 theme.accentDark'),
    /** Pale backgrounds of the accent (notices, the current tab): accent-coloured text sits on it. */
    accentTint: colour('浅强调色 theme.accentTint'),
    /** The header's muted line (the bureau's name above the column title) drawn on the accent bar. */
    headerMuted: colour('页头浅色字 theme.headerMuted'),
  })
  .superRefine((theme, context) => {
    const pairs: { field: keyof typeof theme; label: string; other: string; otherLabel: string }[] = [
      { field: 'accent', label: '强调色', other: WHITE, otherLabel: '白色' },
      { field: 'accentDark', label: '深强调色', other: WHITE, otherLabel: '白色' },
      { field: 'accentTint', label: '浅强调色', other: theme.accent, otherLabel: `强调色 ${theme.accent}` },
      { field: 'headerMuted', label: '页头浅色字', other: theme.accent, otherLabel: `强调色 ${theme.accent}` },
    ];
    for (const { field, label, other, otherLabel } of pairs) {
      const ratio = contrastRatio(theme[field], other);
      if (ratio < MIN_CONTRAST) {
        context.addIssue({
          code: 'custom',
          path: [field],
          message: `${label} ${theme[field]} 与${otherLabel}的对比度只有 ${formatRatio(ratio)}，至少要 ${MIN_CONTRAST}:1，文字才看得清；请换${field === 'accentTint' || field === 'headerMuted' ? '浅' : '深'}一些的颜色`,
        });
      }
    }
  });
export type BureauTheme = z.infer<typeof bureauThemeSchema>;

/** The profile file as a bureau writes it. Unknown keys are refused: a typo should not pass silently. */
export const bureauProfileFileSchema = z.strictObject(
  {
    /** The bureau's full name, e.g. 示例县教育局: header, titles, mails, posters. */
    name: requiredText('单位名称 name', '示例县教育局'),
    /** Where space is short (text messages, the admin header); the name when absent. */
    shortName: requiredText('简称 shortName', '示例县教育局').optional(),
    /** The column's title, e.g. 作风整改进行时: header, page titles, feeds, mails, the admin app. */
    columnTitle: requiredText('专栏名称 columnTitle', '作风整改进行时'),
    /** One sentence for search engines and share cards. */
    columnDescription: requiredText('专栏简介 columnDescription', '公开作风整改台账和整改进展，听取群众意见建议。'),
    address: optionalText('地址 address'),
    /** The number readers call (shown in the footer, the form, the privacy page). */
    phone: optionalText('电话 phone'),
    /** Other public numbers (12345 …) that redaction leaves in replies; never a private line. */
    hotlines: z.array(requiredText('热线 hotlines 中的号码', '12345'), { error: '热线 hotlines 必须是号码的列表，例如 ["12345"]' }).default([]),
    email: optionalText('电子邮箱 email'),
    officeHours: optionalText('接听时间 officeHours'),
    /** 主办单位; the name when absent. */
    hostUnit: requiredText('主办单位 hostUnit', '示例县教育局').optional(),
    /** 网站标识码; "" when the bureau has none. */
    siteCode: optionalText('网站标识码 siteCode'),
    /** ICP备案 number. */
    icp: optionalText('ICP备案号 icp'),
    /** 公安机关备案 number; "" when none. */
    psb: optionalText('公安备案号 psb'),
    theme: bureauThemeSchema,
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `不认识的字段 ${issue.keys.join('、')}；字段名见 server/CONFIGURATION.md 的“单位配置”一节` : undefined) },
);
export type BureauProfileFile = z.infer<typeof bureauProfileFileSchema>;

/** The profile every part of the portal reads: the file with defaults filled in and overrides applied. */
export interface BureauProfile {
  name: string;
  shortName: string;
  columnTitle: string;
  columnDescription: string;
  hostUnit: string;
  siteCode: string;
  icp: string;
  psb: string;
  address: string;
  phone: string;
  hotlines: string[];
  email: string;
  officeHours: string;
  theme: BureauTheme;
}

/** Fills in what a file may leave out (the short name and 主办单位 follow the name). */
export function resolveBureauProfile(file: BureauProfileFile): BureauProfile {
  const { shortName, hostUnit, ...rest } = file;
  return { ...rest, shortName: shortName ?? file.name, hostUnit: hostUnit ?? file.name };
}

/** One line per problem, in Chinese, each naming the field: for the start-up error. */
export function bureauProfileProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(整个文件)';
    return `${field}：${issue.message}`;
  });
}

/**
 * The theme as CSS custom properties, for the pages' one inline style. `html:root` outweighs the
 * stylesheet's `:root` defaults, which Astro links after the inline style in the head.
 */
export function themeCss(theme: BureauTheme): string {
  return `html:root{--color-accent:${theme.accent};--color-accent-dark:${theme.accentDark};--color-accent-tint:${theme.accentTint};--color-header-muted:${theme.headerMuted}}`;
}
