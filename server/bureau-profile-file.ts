// The bureau profile file (server/bureau.json for the demo, the operator's own in <DATA_DIR> or at
// BUREAU_PROFILE): where it is, reading and checking it, and the older variables that override
// single fields. The rules of a profile are in server/domain/bureau-profile.ts.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type BureauProfile, bureauProfileFileSchema, bureauProfileProblems, resolveBureauProfile } from './domain/bureau-profile.ts';

/** The bureau profile as every part of the portal reads it (server/domain/bureau-profile.ts). */
export type BureauSettings = BureauProfile;

/** The demo bureau's profile, used when neither BUREAU_PROFILE nor <DATA_DIR>/bureau.json exists. */
export const DEMO_BUREAU_PROFILE = join(import.meta.dirname, 'bureau.json');

/** Which profile file applies: BUREAU_PROFILE, else the operator's <DATA_DIR>/bureau.json, else the demo's. */
export function bureauProfilePath(dataDir: string, variable: string | undefined): string {
  if (variable !== undefined) return resolve(dataDir, variable);
  const operators = join(dataDir, 'bureau.json');
  return existsSync(operators) ? operators : DEMO_BUREAU_PROFILE;
}

export type EnvOverrides = Partial<Record<'BUREAU_NAME' | 'SITE_HOST_UNIT' | 'SITE_CODE' | 'SITE_ICP' | 'SITE_PSB' | 'BUREAU_ADDRESS' | 'BUREAU_PHONE' | 'BUREAU_EMAIL' | 'BUREAU_OFFICE_HOURS', string>>;

/**
 * Reads and checks the profile file, then lets the older BUREAU_* and SITE_* variables override
 * single fields (an installed bureau's .env keeps working). Problems come back as lines naming
 * the file and the field.
 */
export function readBureauProfile(path: string, overrides: EnvOverrides = {}): { profile: BureauProfile } | { problems: string[] } {
  const where = `BUREAU_PROFILE (${path})`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { problems: [`${where}: 读不到单位配置文件（${(error as NodeJS.ErrnoException).code ?? String(error)}）；请检查路径，或复制 server/bureau.json 改成本单位的`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problems: [`${where}: 不是合法的 JSON（${(error as Error).message}）；注意引号、逗号，最后一项后面不能有逗号`] };
  }
  const parsed = bureauProfileFileSchema.safeParse(json);
  if (!parsed.success) return { problems: bureauProfileProblems(parsed.error).map((line) => `${where}: ${line}`) };
  const file = parsed.data;
  const o = overrides;
  return {
    profile: resolveBureauProfile({
      ...file,
      name: o.BUREAU_NAME ?? file.name,
      hostUnit: o.SITE_HOST_UNIT ?? file.hostUnit,
      siteCode: o.SITE_CODE ?? file.siteCode,
      icp: o.SITE_ICP ?? file.icp,
      psb: o.SITE_PSB ?? file.psb,
      address: o.BUREAU_ADDRESS ?? file.address,
      phone: o.BUREAU_PHONE ?? file.phone,
      email: o.BUREAU_EMAIL ?? file.email,
      officeHours: o.BUREAU_OFFICE_HOURS ?? file.officeHours,
    }),
  };
}

