import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CLOUDS } from '../../src/config/clouds.js';
import { loadConfig } from '../../src/config/load-config.js';
import { fileSchema } from '../../src/config/schema.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const text = (name: string) => readFileSync(join(root, name), 'utf8');

/** The environment of the contract (CONTRACT.md, "Environment"). */
const CONTRACT_ENV = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SLACK_API_URL',
  'PORT',
  'REDIS_URL',
  'REDIS_SENTINELS',
  'REDIS_SENTINEL_NAME',
  'STOPBOT_CONFIG',
  'HUAWEICLOUD_SDK_AK',
  'HUAWEICLOUD_SDK_SK',
  'HUAWEICLOUD_SDK_SECURITY_TOKEN',
  'ALIBABA_CLOUD_ACCESS_KEY_ID',
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'ALIBABA_CLOUD_SECURITY_TOKEN',
  'ZENLAYERCLOUD_ACCESS_KEY_ID',
  'ZENLAYERCLOUD_ACCESS_KEY_PASSWORD',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
].sort();
const MINIMAL_ENV = { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test' };
const CLOUD_ENV = {
  HUAWEICLOUD_SDK_AK: 'ak',
  HUAWEICLOUD_SDK_SK: 'sk',
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'id',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret',
  ZENLAYERCLOUD_ACCESS_KEY_ID: 'zid',
  ZENLAYERCLOUD_ACCESS_KEY_PASSWORD: 'zpw',
  AWS_ACCESS_KEY_ID: 'aid',
  AWS_SECRET_ACCESS_KEY: 'asecret',
  AWS_SESSION_TOKEN: 'atoken',
  ALIBABA_CLOUD_SECURITY_TOKEN: 'sts-token',
  HUAWEI_DR_AK: 'dr-ak',
  HUAWEI_DR_SK: 'dr-sk',
  HUAWEI_DR_SECURITY_TOKEN: 'dr-token',
};

/** Switch on the example's optional settings: "#key: value" lines (no space after the #). */
const uncomment = (yaml: string) => yaml.replace(/^(\s*)#(?=\S|\s{2,}\S)/gm, '$1');

/** Every key path a schema knows ("approvals.expiresIn", "providers.sandbox.machines[].fails"). */
function schemaKeys(schema: unknown, prefix = ''): string[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault)
    return schemaKeys(schema.unwrap(), prefix);
  if (schema instanceof z.ZodArray) return schemaKeys(schema.element, `${prefix.slice(0, -1)}[].`);
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape).flatMap(([key, value]) => [
    `${prefix}${key}`,
    ...schemaKeys(value, `${prefix}${key}.`),
  ]);
}

/** Every key path the config knows: `providers.<cloud>.<key>` for each cloud's own keys. */
function configKeys(): string[] {
  const clouds = Object.entries(CLOUDS).flatMap(([cloud, def]) => [
    `providers.${cloud}`,
    // `cloud` is shown once, on a provider not named after its cloud.
    ...schemaKeys(def.schema, `providers.${cloud}.`).filter((key) => !key.endsWith('.cloud')),
  ]);
  return [...schemaKeys(fileSchema), ...clouds];
}

/** A provider's keys under its cloud's name (`providers.huawei-dr.region` → `providers.huawei.region`). */
function byCloud(key: string, providers: Record<string, { cloud?: string }>): string {
  const m = /^providers\.([^.[]+)(.*)$/.exec(key);
  if (!m?.[1]) return key;
  return `providers.${providers[m[1]]?.cloud ?? m[1]}${m[2]}`;
}

/** Every key path present in parsed YAML. */
function dataKeys(data: unknown, prefix = ''): string[] {
  if (Array.isArray(data)) return data.flatMap((item) => dataKeys(item, `${prefix.slice(0, -1)}[].`));
  if (data === null || typeof data !== 'object') return [];
  return Object.entries(data).flatMap(([key, value]) => [
    `${prefix}${key}`,
    ...dataKeys(value, `${prefix}${key}.`),
  ]);
}

/** The routes src/runtime/build.ts serves, and the default port of src/config/load-config.ts. */
const routes = [...text('src/runtime/build.ts').matchAll(/path:\s*'(\/[^']*)'/g)].map((m) => m[1]);
const defaultPort = /PORT:[\s\S]*?\.default\((\d+)\)/.exec(text('src/config/load-config.ts'))?.[1];

describe('stopbot.example.yml', () => {
  const example = { path: 'stopbot.example.yml', text: text('stopbot.example.yml') };

  it('loads as it is: the sandbox on, the clouds off, defaults as the comments say', () => {
    const config = loadConfig(MINIMAL_ENV, example);
    expect(Object.keys(config.providers)).toEqual(['sandbox']);
    const sandbox = config.providers['sandbox'];
    if (sandbox?.cloud !== 'sandbox') throw new Error('expected the sandbox');
    expect(sandbox.machines.map((m) => m.name)).toEqual(['web-1', 'web-2', 'db-1', 'flaky-1']);
    expect(sandbox.stopDelay).toBe(3000);
    expect(config.requesters).toBeUndefined();
    expect(config.incidentChannel).toBeUndefined();
    const defaults = loadConfig(MINIMAL_ENV, {
      path: 'minimal.yml',
      text: 'approvals: { approvers: [U0123ALICE] }\nproviders: { sandbox: { machines: [{ id: a, name: b }] } }\n',
    });
    const { approvals, tracking, limits, slack, redis, log } = defaults;
    expect(config).toMatchObject({ tracking, limits, redis, log });
    expect(config.slack).toMatchObject({ ...slack, mode: 'socket' });
    expect(config.approvals).toEqual({ ...approvals, approvers: ['U0123ALICE', 'S0123ONCALL'] });
  });

  it('loads with every optional setting switched on, given the cloud credentials', () => {
    const config = loadConfig(
      { ...MINIMAL_ENV, ...CLOUD_ENV },
      { ...example, text: uncomment(example.text) },
    );
    expect(Object.keys(config.providers).sort()).toEqual([
      'alibaba',
      'aws',
      'huawei',
      'huawei-dr',
      'lab',
      'sandbox',
      'zenlayer',
    ]);
    expect(config.providers['huawei-dr']).toMatchObject({ cloud: 'huawei', approvers: ['S0123DRLEADS'] });
    expect(config.secrets['huawei-dr']).toEqual({ ak: 'dr-ak', sk: 'dr-sk', securityToken: 'dr-token' });
    expect(config.providers['lab']).toMatchObject({ cloud: 'sandbox', approvers: ['U0123ALICE'] });
    expect(config.providers['aws']).toMatchObject({ region: 'us-east-1', timeout: 15_000, maxAttempts: 5 });
    expect(config.secrets['aws']).toEqual({
      accessKeyId: 'aid',
      secretAccessKey: 'asecret',
      sessionToken: 'atoken',
    });
    expect(config.providers['aws']).toMatchObject({ approvers: ['S0123ONCALL'] });
    expect(config.providers['huawei']).toMatchObject({ region: 'cn-north-4', timeout: 15_000 });
    expect(config.providers['alibaba']).toMatchObject({ timeout: 15_000, callsPerMinute: 60, batchSize: 20 });
    expect(config.providers['zenlayer']).toMatchObject({
      endpoint: 'https://console.zenlayer.com',
      timeout: 15_000,
    });
    expect(config.requesters).toEqual(['U0123BOB', 'S0123SRE']);
    expect(config.channels).toEqual(['C0123OPS']);
    expect(config.incidentChannel).toBe('C0123INCIDENT');
  });

  it('shows every key of the config schema', () => {
    const data = parseYaml(uncomment(example.text)) as { providers: Record<string, { cloud?: string }> };
    const shown = new Set(dataKeys(data).map((key) => byCloud(key, data.providers)));
    const keys = configKeys();
    expect(keys).toEqual(
      expect.arrayContaining(['approvals.groupCacheTtl', 'providers.sandbox.machines[].fails']),
    );
    expect(keys.filter((key) => !shown.has(key))).toEqual([]);
    expect(shown).toContain('providers.huawei.cloud');
  });
});

describe('.env.example', () => {
  const names = [...text('.env.example').matchAll(/^#?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);

  it('lists exactly the environment of the contract, each once', () => {
    expect([...names].sort()).toEqual(CONTRACT_ENV);
  });

  it('names only variables the config code reads', () => {
    const code =
      text('src/config/load-config.ts') +
      text('src/config/read-config-file.ts') +
      text('src/config/clouds.ts');
    expect(names.filter((name) => !code.includes(name ?? ''))).toEqual([]);
  });

  it('leaves both Slack modes off until one is chosen, so HTTP users do not get Socket Mode by accident', () => {
    expect(text('.env.example')).not.toMatch(/^SLACK_APP_TOKEN=/m);
    expect(text('.env.example')).not.toMatch(/^SLACK_SIGNING_SECRET=/m);
  });

  it('holds placeholders, never real-looking secrets', () => {
    const values = [...text('.env.example').matchAll(/^#?[A-Z][A-Z0-9_]*=(.*)$/gm)].map((m) => m[1] ?? '');
    for (const value of values)
      expect(value).toMatch(/^(xox[bp]-your-|xapp-your-|your-|https?:\/\/|redis:\/\/|\.\/|\d+$)/);
  });
});

describe('Dockerfile and docker-compose.yml', () => {
  const dockerfile = text('Dockerfile');
  const compose = parseYaml(text('docker-compose.yml')) as {
    services: Record<string, { ports?: string[]; environment?: Record<string, string>; volumes?: string[] }>;
  };

  it('reads the routes and port from the code', () => {
    expect(routes).toEqual(expect.arrayContaining(['/healthz', '/readyz', '/metrics', '/slack/events']));
    expect(defaultPort).toBe('3000');
  });

  it('use the port and health route the code serves', () => {
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${defaultPort}$`, 'm'));
    expect(dockerfile).toMatch(new RegExp(`PORT=${defaultPort}\\b`));
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    expect(dockerfile).toContain(`(process.env.PORT || ${defaultPort}) + '/healthz'`);
    expect(compose.services.bot?.ports).toEqual([`127.0.0.1:${defaultPort}:${defaultPort}`]);
    expect(text('.env.example')).toMatch(new RegExp(`^PORT=${defaultPort}$`, 'm'));
  });

  it('install only what runs: no build or test tools among the runtime dependencies', () => {
    const pkg = JSON.parse(text('package.json')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
      scripts: { start: string };
    };
    for (const tool of ['tsx', 'typescript', 'vitest', '@biomejs/biome', '@types/node']) {
      expect(pkg.dependencies[tool], `${tool} in dependencies`).toBeUndefined();
    }
    expect(pkg.devDependencies.tsx).toBeDefined();
    expect(pkg.scripts.start).toMatch(/npm run build && node dist\/main\.js/);
  });

  it('start the compiled entry point and wire the config file and Redis', () => {
    const pkg = JSON.parse(text('package.json')) as { main: string; scripts: { build: string } };
    expect(dockerfile).toContain(`CMD ["node", "${pkg.main}"]`);
    expect(pkg.scripts.build).toContain('src/approvals/lua');
    const bot = compose.services.bot;
    expect(bot?.volumes).toContain(`./stopbot.yml:${bot?.environment?.STOPBOT_CONFIG}:ro`);
    expect(bot?.environment?.REDIS_URL).toBe('redis://redis:6379');
    expect(compose.services.redis).toBeDefined();
  });
});
