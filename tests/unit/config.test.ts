import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childProcessEnv, ConfigError, configWarnings, loadConfig, MissingSecretKeyError, PROJECT_ROOT } from '../../server/config.ts';
import { GENERATE_KEY_COMMAND } from '../../server/config-values.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';
import { tempDirForTest } from '../helpers/temp.ts';

const SECRET_KEY = TEST_SECRET_KEY;

describe('loadConfig', () => {
  it('has working defaults for a fresh clone', () => {
    const config = loadConfig({ SECRET_KEY });
    expect(config.port).toBe(4321);
    expect(config.databasePath).toBe(join(PROJECT_ROOT, 'data', 'portal.db'));
    expect(config.siteDir).toBe(join(PROJECT_ROOT, 'data', 'site'));
    expect(config.seedDemo).toBe(true);
    expect(config.nightlyRebuildTime).toBe('02:30');
    expect(config.bureau.name).toBe('示例县教育局');
    expect(config.bureau.hostUnit).toBe('示例县教育局');
  });

  it('reads overrides and treats empty values as unset', () => {
    const config = loadConfig({ SECRET_KEY, PORT: '8080', DATA_DIR: '/srv/portal', SEED_DEMO: 'false', BUREAU_NAME: '某市教育局', SITE_HOST_UNIT: '', NIGHTLY_REBUILD_TIME: 'off' });
    expect(config.port).toBe(8080);
    expect(config.databasePath).toBe('/srv/portal/portal.db');
    expect(config.seedDemo).toBe(false);
    expect(config.nightlyRebuildTime).toBeNull();
    expect(config.bureau.hostUnit).toBe('某市教育局');
  });

  it('hides an optional footer line with "none"', () => {
    expect(loadConfig({ SECRET_KEY, SITE_PSB: 'none', SITE_CODE: '1234567890' }).bureau).toMatchObject({ psb: '', siteCode: '1234567890' });
  });

  it('stops with a message that names every bad variable', () => {
    let error: unknown;
    try {
      loadConfig({ SECRET_KEY, PORT: 'eighty', SEED_DEMO: 'maybe', NIGHTLY_REBUILD_TIME: '25:00', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'SEED_DEMO', 'NIGHTLY_REBUILD_TIME', 'LOG_LEVEL']) expect(message).toContain(name);
    expect(message).toContain('.env.example');
  });

  describe('SECRET_KEY', () => {
    function errorOf(env: Record<string, string>): Error {
      try {
        loadConfig(env);
      } catch (error) {
        return error as Error;
      }
      throw new Error('loadConfig did not throw');
    }

    it('takes 64 hex characters or base64 of 32 bytes, the same key either way', () => {
      const key = randomBytes(32);
      expect(loadConfig({ SECRET_KEY: key.toString('hex') }).secretKey.equals(key)).toBe(true);
      expect(loadConfig({ SECRET_KEY: key.toString('base64') }).secretKey.equals(key)).toBe(true);
      expect(loadConfig({ SECRET_KEY: key.toString('base64url') }).secretKey.equals(key)).toBe(true);
    });

    it('stops start-up when the key is missing, naming SECRET_KEY and how to generate one', () => {
      const error = errorOf({ DATA_DIR: tempDirForTest() });
      expect(error).toBeInstanceOf(MissingSecretKeyError);
      expect(error.message).toContain('SECRET_KEY');
      expect(error.message).toContain(GENERATE_KEY_COMMAND);
    });

    it.each([
      ['too short', 'abcdef0123456789'],
      ['not hex nor base64', 'z'.repeat(64)],
      ['33 bytes', randomBytes(33).toString('hex').slice(0, 66)],
      ['a placeholder of zeros', '0'.repeat(64)],
      ['a passphrase', 'correct horse battery staple and more words'],
    ])('refuses a malformed key (%s) and says how to make one', (_name, value) => {
      const error = errorOf({ DATA_DIR: tempDirForTest(), SECRET_KEY: value });
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).not.toBeInstanceOf(MissingSecretKeyError);
      expect(error.message).toContain('SECRET_KEY');
      expect(error.message).toContain(GENERATE_KEY_COMMAND);
    });

    it('lists a bad key together with the other bad variables', () => {
      const message = errorOf({ DATA_DIR: tempDirForTest(), PORT: 'eighty', SECRET_KEY: 'short' }).message;
      expect(message).toContain('PORT');
      expect(message).toContain('SECRET_KEY');
    });

    it('reads the key file in DATA_DIR, or the one SECRET_KEY_FILE names, when SECRET_KEY is unset', () => {
      const dataDir = tempDirForTest();
      const key = randomBytes(32);
      writeFileSync(join(dataDir, 'secret.key'), `${key.toString('hex')}\n`);
      const config = loadConfig({ DATA_DIR: dataDir });
      expect(config.secretKey.equals(key)).toBe(true);
      expect(config.secretKeyFile).toBe(join(dataDir, 'secret.key'));
      const other = randomBytes(32);
      writeFileSync(join(dataDir, 'other.key'), other.toString('base64'));
      expect(loadConfig({ DATA_DIR: dataDir, SECRET_KEY_FILE: 'other.key' }).secretKey.equals(other)).toBe(true);
      // SECRET_KEY wins over the file.
      expect(loadConfig({ DATA_DIR: dataDir, SECRET_KEY }).secretKey.toString('hex')).toBe(SECRET_KEY);
    });

    it('refuses a malformed key file, naming the file', () => {
      const dataDir = tempDirForTest();
      writeFileSync(join(dataDir, 'secret.key'), 'changeme\n');
      const error = errorOf({ DATA_DIR: dataDir });
      expect(error.message).toContain('SECRET_KEY');
      expect(error.message).toContain(join(dataDir, 'secret.key'));
    });
  });

  it.each([
    ['false', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['127.0.0.1', ['127.0.0.1']],
    ['127.0.0.1, ::1', ['127.0.0.1', '::1']],
    ['10.0.0.0/8,loopback', ['10.0.0.0/8', 'loopback']],
  ] as const)('reads TRUST_PROXY=%s', (value, expected) => {
    expect(loadConfig({ SECRET_KEY, TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each([
    ['true', 'set the address of the proxy instead'],
    ['yes', 'set the address of the proxy instead'],
    ['nginx', 'not an IP address or CIDR range: "nginx"'],
    ['127.0.0.1,300.1.1.1', 'not an IP address or CIDR range: "300.1.1.1"'],
    ['99', 'not plausible'],
  ])('refuses TRUST_PROXY=%s and says what to set instead', (value, hint) => {
    expect(() => loadConfig({ SECRET_KEY, TRUST_PROXY: value })).toThrow(ConfigError);
    expect(() => loadConfig({ SECRET_KEY, TRUST_PROXY: value })).toThrow(hint);
    expect(() => loadConfig({ SECRET_KEY, TRUST_PROXY: value })).toThrow('TRUST_PROXY');
  });

  it('gives a child process the environment that parses to the same config', () => {
    const config = loadConfig({ SECRET_KEY, DATA_DIR: '/srv/portal', SITE_DIR: 'sites', TRUST_PROXY: '127.0.0.1', BUREAU_NAME: '某市教育局', SITE_PSB: 'none' });
    const env = childProcessEnv({ ...config, siteDir: '/elsewhere/site' }, { PATH: '/usr/bin', BUREAU_NAME: '从父进程继承的名字', PORT: '9999' });
    expect(env.PATH).toBe('/usr/bin');
    expect(env.PORT).toBeUndefined();
    const { env: _childSource, ...childConfig } = loadConfig(env);
    const { env: _source, ...expected } = config;
    expect(childConfig).toEqual({ ...expected, siteDir: '/elsewhere/site' });
  });
});

describe('configWarnings', () => {
  const base = { host: 'localhost', trustProxy: false as const, seedDemo: true, publicBaseUrl: 'http://localhost:4321' };
  it.each([
    ['the demo on this machine', base, 0],
    ['listening on every interface', { ...base, host: '0.0.0.0' }, 1],
    ['behind a proxy', { ...base, trustProxy: ['127.0.0.1'] }, 1],
    ['without the demo bureau', { ...base, seedDemo: false }, 1],
    ['127.0.0.1 as the address', { ...base, host: '0.0.0.0', publicBaseUrl: 'http://127.0.0.1:4321' }, 1],
    ['a public address', { ...base, host: '0.0.0.0', seedDemo: false, publicBaseUrl: 'https://zfzg.example.edu.cn' }, 0],
  ])('%s: %i warning(s)', (_name, config, count) => {
    const warnings = configWarnings(config);
    expect(warnings).toHaveLength(count);
    for (const warning of warnings) expect(warning).toMatch(/PUBLIC_BASE_URL=https:\/\//);
  });
});
