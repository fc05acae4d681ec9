import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));
const schemaUrl = new URL('../fixtures/slack-manifest-schema/manifest.schema.1.0.0.json', import.meta.url);

/** Bot scope each Slack Web API method needs (null: none). A method missing here fails the test. */
const SCOPE_OF: Readonly<Record<string, string | null>> = {
  'auth.test': null,
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.delete': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.getPermalink': null,
  'views.open': null,
  'views.update': null,
  'views.publish': null,
  'conversations.open': 'im:write',
  'usergroups.users.list': 'usergroups:read',
  'usergroups.list': 'usergroups:read',
  'users.info': 'users:read',
  'reactions.add': 'reactions:write',
};
/** Web API method families, so that calls on cloud clients are not mistaken for Slack calls. */
const SLACK_FAMILIES = new Set(
  'admin apps assistant auth bookmarks bots calls canvases chat conversations dialog dnd emoji files functions migration oauth pins reactions reminders search stars team usergroups users views workflows'.split(
    ' ',
  ),
);

interface Manifest {
  features: {
    app_home?: { home_tab_enabled?: boolean; messages_tab_enabled?: boolean };
    slash_commands: { command: string; url?: string; should_escape?: boolean; usage_hint?: string }[];
  };
  oauth_config: { scopes: { bot: string[]; bot_optional?: string[] } };
  settings: {
    interactivity: { is_enabled: boolean; request_url?: string; message_menu_options_url?: string };
    event_subscriptions?: { request_url?: string; bot_events?: string[] };
    socket_mode_enabled: boolean;
  };
}

function createValidator(): ValidateFunction {
  // strictTypes is off: Slack's schema puts e.g. minItems under a subschema without `type: array`.
  // The other strict checks stay on, so an unknown keyword would still stop compilation.
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  // The schema uses `format: uri` (for `$schema`), a non-standard `regex` keyword
  // (display_information.background_color), both enforced here, and `_note` annotations.
  ajv.addKeyword('_note');
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]+$/i);
  ajv.addKeyword({
    keyword: 'regex',
    type: 'string',
    schemaType: 'string',
    errors: false,
    validate: (pattern: string, data: string) => new RegExp(pattern).test(data),
  });
  return ajv.compile(JSON.parse(readFileSync(schemaUrl, 'utf8')));
}

const validate = createValidator();
const read = (name: string): unknown => parseYaml(readFileSync(join(root, name), 'utf8'));

function sourceTexts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceTexts(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [readFileSync(join(dir, e.name), 'utf8')]
        : [],
  );
}

/** Slack Web API methods called in code: `client.chat.postMessage(…)` or `apiCall('chat.update', …)`. */
function slackMethodsIn(texts: readonly string[]): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(/\bclient\s*\.\s*((?:[a-z][A-Za-z]*\.)+[A-Za-z]+)\s*\(/g)) {
      const method = m[1] ?? '';
      if (SLACK_FAMILIES.has(method.split('.')[0] ?? '')) found.add(method);
    }
    for (const m of text.matchAll(/\bapiCall\s*\(\s*['"`]([\w.]+)['"`]/g)) found.add(m[1] ?? '');
  }
  return [...found].sort();
}

/** The bot scopes those methods need, plus `commands` for /stop; `unknown` lists methods missing from SCOPE_OF. */
function scopesFor(methods: readonly string[]): { scopes: string[]; unknown: string[] } {
  const scopes = new Set(['commands']);
  const unknown: string[] = [];
  for (const method of methods) {
    const scope = SCOPE_OF[method];
    if (scope === undefined) unknown.push(method);
    else if (scope) scopes.add(scope);
  }
  return { scopes: [...scopes].sort(), unknown };
}

describe('Slack app manifests', () => {
  const socket = read('manifest.yml') as Manifest;
  const http = read('manifest.http.yml') as Manifest;
  const manifests: [string, Manifest][] = [
    ['manifest.yml', socket],
    ['manifest.http.yml', http],
  ];

  it.each(manifests)("%s is valid against Slack's manifest schema", (_name, manifest) => {
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects a command without its leading slash and a malformed colour', () => {
    const bad = read('manifest.yml') as Manifest;
    const [command] = bad.features.slash_commands;
    if (command) command.command = 'stop';
    expect(validate(bad)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain('/features/slash_commands/0/command');

    const badColour = read('manifest.yml') as { display_information: { background_color: string } };
    badColour.display_information.background_color = 'maroon!';
    expect(validate(badColour)).toBe(false);
    expect(validate.errors?.map((e) => e.keyword)).toEqual(['regex']);
  });

  it('derives scopes from the Web API calls in src/, and flags a method it has no scope for', () => {
    const methods = slackMethodsIn(sourceTexts(join(root, 'src')));
    expect(methods).toEqual(
      expect.arrayContaining(['chat.postMessage', 'chat.update', 'usergroups.users.list']),
    );
    expect(scopesFor(methods).unknown, 'methods called in src/ but missing from SCOPE_OF').toEqual([]);

    const probe = slackMethodsIn([
      'await app.client.users.info({ user }); await deps.client.conversations.join({ channel });',
      "client.apiCall('reactions.add', {}); ecsClient.request({}); client.on('rate_limited', f);",
    ]);
    expect(probe).toEqual(['conversations.join', 'reactions.add', 'users.info']);
    expect(scopesFor(probe)).toEqual({
      scopes: ['commands', 'reactions:write', 'users:read'],
      unknown: ['conversations.join'],
    });
  });

  it.each(manifests)('%s asks for exactly the bot scopes the code needs', (_name, manifest) => {
    const { scopes } = scopesFor(slackMethodsIn(sourceTexts(join(root, 'src'))));
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(scopes);
    expect(manifest.oauth_config.scopes.bot_optional).toBeUndefined();
  });

  it.each(manifests)('%s has the /stop command and interactivity on', (_name, manifest) => {
    expect(manifest.features.slash_commands).toHaveLength(1);
    const [command] = manifest.features.slash_commands;
    expect(command).toMatchObject({ command: '/stop', should_escape: false });
    // Every provider the bot offers is shown, so a sandbox trial is discoverable from Slack.
    expect(command?.usage_hint).toMatch(/^huawei\|alibaba\|zenlayer\|aws\|sandbox /);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it.each(manifests)(
    '%s has the App Home tab and exactly the events the code listens to',
    (_name, manifest) => {
      expect(manifest.features.app_home?.home_tab_enabled).toBe(true);
      const listened = sourceTexts(join(root, 'src')).flatMap((t) =>
        [...t.matchAll(/\bapp\.event\(\s*'([a-z_]+)'/g)].map((m) => m[1] ?? ''),
      );
      expect(listened).toEqual(['app_home_opened']);
      expect([...(manifest.settings.event_subscriptions?.bot_events ?? [])].sort()).toEqual(listened);
    },
  );

  it('uses Socket Mode with no URLs in manifest.yml', () => {
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(socket.features.slash_commands[0]?.url).toBeUndefined();
    expect(socket.settings.interactivity.request_url).toBeUndefined();
  });

  it('points both HTTP-mode URLs at the route the bot serves', () => {
    expect(http.settings.socket_mode_enabled).toBe(false);
    const build = readFileSync(join(root, 'src/runtime/build.ts'), 'utf8');
    expect(build).toMatch(/path:\s*'\/slack\/events'/);
    expect(http.features.slash_commands[0]?.url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    expect(http.settings.interactivity.request_url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    // Type-ahead (block_suggestion) and Events API deliveries go to the same signed route.
    expect(http.settings.interactivity.message_menu_options_url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    expect(http.settings.event_subscriptions?.request_url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    expect(socket.settings.event_subscriptions?.request_url).toBeUndefined();
  });
});
