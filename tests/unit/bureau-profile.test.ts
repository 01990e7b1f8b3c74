// The bureau profile: the schema's Chinese errors name the field, colours are refused below WCAG AA,
// and the older BUREAU_* / SITE_* variables still override single fields.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { DEMO_BUREAU_PROFILE, readBureauProfile } from '../../server/bureau-profile-file.ts';
import { bureauProfileFileSchema, bureauProfileProblems, contrastRatio, MIN_CONTRAST, themeCss } from '../../server/domain/bureau-profile.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';
import { tempDirForTest } from '../helpers/temp.ts';

const DEMO = JSON.parse(readFileSync(DEMO_BUREAU_PROFILE, 'utf8')) as Record<string, unknown> & { theme: Record<string, string> };

function problemsOf(profile: unknown): string[] {
  const parsed = bureauProfileFileSchema.safeParse(profile);
  if (parsed.success) throw new Error('the profile was accepted');
  return bureauProfileProblems(parsed.error);
}

describe('contrastRatio', () => {
  it.each([
    ['#000000', '#ffffff', 21],
    ['#ffffff', '#ffffff', 1],
    ['#777777', '#ffffff', 4.48],
    ['#b3261e', '#ffffff', 6.55],
  ])('%s on %s is %s:1', (first, second, expected) => {
    expect(contrastRatio(first, second)).toBeCloseTo(expected, 1);
    expect(contrastRatio(second, first)).toBeCloseTo(expected, 1);
  });
});

describe('the bureau profile file', () => {
  it('accepts the demo profile shipped in server/bureau.json, with the short name and 主办单位 following the name', () => {
    const read = readBureauProfile(DEMO_BUREAU_PROFILE);
    if ('problems' in read) throw new Error(read.problems.join('\n'));
    expect(read.profile).toMatchObject({ name: '示例县教育局', shortName: '示例县教育局', hostUnit: '示例县教育局', columnTitle: '作风整改进行时', hotlines: ['12345'] });
    for (const colour of Object.values(read.profile.theme)) expect(colour).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('names a missing name in Chinese', () => {
    const { name: _name, ...withoutName } = DEMO;
    expect(problemsOf(withoutName)).toEqual([expect.stringMatching(/^name：缺少单位名称 name/)]);
    expect(problemsOf({ ...DEMO, name: '  ' })).toEqual([expect.stringMatching(/^name：单位名称 name不能为空/)]);
  });

  it('names a colour that is not #rrggbb', () => {
    const problems = problemsOf({ ...DEMO, theme: { ...DEMO.theme, accent: 'red' } });
    expect(problems).toEqual([expect.stringMatching(/^theme\.accent：强调色 theme\.accent必须写成 #rrggbb/)]);
  });

  it.each([
    ['accent', '#ff6b6b', '与白色的对比度'],
    ['accentDark', '#e0a000', '与白色的对比度'],
    ['accentTint', '#d9534f', '与强调色 #b3261e的对比度'],
    ['headerMuted', '#e05a50', '与强调色 #b3261e的对比度'],
  ])('refuses theme.%s %s below %s 4.5:1, saying the ratio', (field, colour, against) => {
    const theme = { ...DEMO.theme, [field]: colour };
    const ratio = contrastRatio(colour, against.includes('白色') ? '#ffffff' : DEMO.theme.accent!);
    expect(ratio).toBeLessThan(MIN_CONTRAST);
    // A paler accent also loses contrast against the tint and the header's text: those are named too.
    const problems = problemsOf({ ...DEMO, theme }).filter((line) => line.startsWith(`theme.${field}：`));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`${colour} ${against}只有 ${Math.floor(ratio * 10) / 10}:1，至少要 4.5:1`);
  });

  it('refuses a field it does not know, so a typo is not silently ignored', () => {
    expect(problemsOf({ ...DEMO, colunmTitle: '作风建设' })).toEqual([expect.stringContaining('不认识的字段 colunmTitle')]);
  });

  it('writes the theme as custom properties for the pages', () => {
    expect(themeCss({ accent: '#0a5c36', accentDark: '#063d24', accentTint: '#e6f2ec', headerMuted: '#e9f7ef' })).toBe(
      'html:root{--color-accent:#0a5c36;--color-accent-dark:#063d24;--color-accent-tint:#e6f2ec;--color-header-muted:#e9f7ef}',
    );
  });
});

describe('loadConfig and the bureau profile', () => {
  it('reads <DATA_DIR>/bureau.json when there is one, and BUREAU_PROFILE before it', () => {
    const dir = tempDirForTest('portal-profile-');
    writeFileSync(join(dir, 'bureau.json'), JSON.stringify({ ...DEMO, name: '某市教育局', columnTitle: '作风建设在行动' }));
    expect(loadConfig({ SECRET_KEY: TEST_SECRET_KEY, DATA_DIR: dir }).bureau).toMatchObject({ name: '某市教育局', columnTitle: '作风建设在行动', hostUnit: '某市教育局' });
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ ...DEMO, name: '另一县教育局' }));
    const config = loadConfig({ SECRET_KEY: TEST_SECRET_KEY, DATA_DIR: dir, BUREAU_PROFILE: 'other.json' });
    expect(config.bureau.name).toBe('另一县教育局');
    expect(config.bureauProfileFile).toBe(join(dir, 'other.json'));
    expect(config.mail.from.name).toBe('另一县教育局');
  });

  it('lets the older variables override single fields of the profile', () => {
    const bureau = loadConfig({ SECRET_KEY: TEST_SECRET_KEY, BUREAU_NAME: '某市教育局', BUREAU_PHONE: '0571-87654321', SITE_PSB: 'none', SITE_ICP: '浙ICP备12345678号' }).bureau;
    expect(bureau).toMatchObject({ name: '某市教育局', hostUnit: '某市教育局', shortName: '某市教育局', phone: '0571-87654321', psb: '', icp: '浙ICP备12345678号', columnTitle: '作风整改进行时' });
  });

  it('stops at start-up with the file and every bad field named', () => {
    const dir = tempDirForTest('portal-profile-');
    const { name: _name, ...withoutName } = DEMO;
    writeFileSync(join(dir, 'bureau.json'), JSON.stringify({ ...withoutName, theme: { ...DEMO.theme, accent: '#ffcc00' } }));
    let error: unknown;
    try {
      loadConfig({ SECRET_KEY: TEST_SECRET_KEY, DATA_DIR: dir });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(`BUREAU_PROFILE (${join(dir, 'bureau.json')}): name：缺少单位名称 name`);
    expect(message).toContain('theme.accent：强调色 #ffcc00 与白色的对比度只有 1.5:1，至少要 4.5:1');
  });

  it('says so when the file is missing or not JSON', () => {
    const dir = tempDirForTest('portal-profile-');
    expect(() => loadConfig({ SECRET_KEY: TEST_SECRET_KEY, DATA_DIR: dir, BUREAU_PROFILE: 'missing.json' })).toThrow(/读不到单位配置文件（ENOENT）/);
    writeFileSync(join(dir, 'bureau.json'), '{ "name": "某市教育局", }');
    expect(() => loadConfig({ SECRET_KEY: TEST_SECRET_KEY, DATA_DIR: dir })).toThrow(/不是合法的 JSON/);
  });
});
