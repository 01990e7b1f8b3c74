import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childProcessEnv, ConfigError, loadConfig, PROJECT_ROOT } from '../../server/config.ts';

describe('loadConfig', () => {
  it('has working defaults for a fresh clone', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4321);
    expect(config.databasePath).toBe(join(PROJECT_ROOT, 'data', 'portal.db'));
    expect(config.siteDir).toBe(join(PROJECT_ROOT, 'data', 'site'));
    expect(config.seedDemo).toBe(true);
    expect(config.nightlyRebuildTime).toBe('02:30');
    expect(config.bureau.name).toBe('示例县教育局');
    expect(config.bureau.hostUnit).toBe('示例县教育局');
  });

  it('reads overrides and treats empty values as unset', () => {
    const config = loadConfig({ PORT: '8080', DATA_DIR: '/srv/portal', SEED_DEMO: 'false', BUREAU_NAME: '某市教育局', SITE_HOST_UNIT: '', NIGHTLY_REBUILD_TIME: 'off' });
    expect(config.port).toBe(8080);
    expect(config.databasePath).toBe('/srv/portal/portal.db');
    expect(config.seedDemo).toBe(false);
    expect(config.nightlyRebuildTime).toBeNull();
    expect(config.bureau.hostUnit).toBe('某市教育局');
  });

  it('hides an optional footer line with "none"', () => {
    expect(loadConfig({ SITE_PSB: 'none', SITE_CODE: '1234567890' }).bureau).toMatchObject({ psb: '', siteCode: '1234567890' });
  });

  it('stops with a message that names every bad variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', SEED_DEMO: 'maybe', NIGHTLY_REBUILD_TIME: '25:00', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'SEED_DEMO', 'NIGHTLY_REBUILD_TIME', 'LOG_LEVEL']) expect(message).toContain(name);
    expect(message).toContain('.env.example');
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
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each([
    ['true', 'set the address of the proxy instead'],
    ['yes', 'set the address of the proxy instead'],
    ['nginx', 'not an IP address or CIDR range: "nginx"'],
    ['127.0.0.1,300.1.1.1', 'not an IP address or CIDR range: "300.1.1.1"'],
    ['99', 'not plausible'],
  ])('refuses TRUST_PROXY=%s and says what to set instead', (value, hint) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(hint);
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow('TRUST_PROXY');
  });

  it('gives a child process the environment that parses to the same config', () => {
    const config = loadConfig({ DATA_DIR: '/srv/portal', SITE_DIR: 'sites', TRUST_PROXY: '127.0.0.1', BUREAU_NAME: '某市教育局', SITE_PSB: 'none' });
    const env = childProcessEnv({ ...config, siteDir: '/elsewhere/site' }, { PATH: '/usr/bin', BUREAU_NAME: '从父进程继承的名字', PORT: '9999' });
    expect(env.PATH).toBe('/usr/bin');
    expect(env.PORT).toBeUndefined();
    const { env: _childSource, ...childConfig } = loadConfig(env);
    const { env: _source, ...expected } = config;
    expect(childConfig).toEqual({ ...expected, siteDir: '/elsewhere/site' });
  });
});
