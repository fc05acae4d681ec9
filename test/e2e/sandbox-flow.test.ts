import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { baseConfig, type Harness, startHarness } from '../helpers/bot-harness.js';
import { lastEphemeralText, waitForCard, waitForReply } from '../helpers/cards.js';

interface SandboxMachine {
  id: string;
  name: string;
  status?: 'RUNNING' | 'STOPPED';
  fails?: boolean;
}

let h: Harness | undefined;

async function start(machines: SandboxMachine[], extra: { stopDelay?: string; tracking?: object } = {}) {
  const { stopDelay = '150ms', tracking } = extra;
  h = await startHarness({
    config: baseConfig({
      providers: { sandbox: { machines, stopDelay } },
      ...(tracking ? { tracking } : {}),
    }),
  });
  return h;
}

afterEach(async () => {
  await h?.close();
  h = undefined;
});

const vm = (i: number, extra: Partial<SandboxMachine> = {}): SandboxMachine => ({
  id: `sbx-${String(i).padStart(4, '0')}`,
  name: `vm-${i}`,
  ...extra,
});

const cards = (h: Harness) =>
  h.slack.channelMessages(DEFAULT_CHANNEL).filter((m) => /^Stop request/.test(m.text));

/** The card as it is shown now (edited after the summary). */
const cardBlocks = (h: Harness, ts: string) => JSON.stringify(h.slack.message(DEFAULT_CHANNEL, ts)?.blocks);

describe('/stop sandbox, end to end', () => {
  it('stops the good machine; the one that refuses gets a failure reply and is in the summary', async () => {
    const h = await start([vm(1), vm(2, { fails: true }), vm(3)]);
    await h.driver.command('U0BOB', 'sandbox vm-1,vm-2 --reason drill');
    const card = await waitForCard(h.slack);
    expect(card.text).toMatch(/2 machines on Sandbox/);
    await h.driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: card.ts });
    const failure = await waitForReply(h.slack, card, /vm-2.*failed/);
    expect(failure.text).toMatch(/machine refused to stop \(configured with fails: true\)/);
    const summary = await waitForReply(h.slack, card, /^Summary for SR-/);
    expect(summary.text).toMatch(/1\/2 stopped · 1 failed/);
    const lines = JSON.stringify(summary.blocks);
    expect(lines).toMatch(/❌ `vm-2` \(sbx-0002\) failed: sandbox: machine refused/);
    expect(lines).toMatch(/✅ `vm-1` \(sbx-0001\) stopped in/);
    expect(lines).not.toContain('vm-3');
    await h.slack.waitFor(
      () => /done: 1\/2 stopped · 1 failed/.test(cardBlocks(h, card.ts)),
      2000,
      'final card',
    );
  });

  it('a stop slower than the tracking timeout ends "timed out" with the last status', async () => {
    const h = await start([vm(1), vm(2)], {
      stopDelay: '10s',
      tracking: { pollInterval: '100ms', timeout: '1s' },
    });
    await h.driver.command('U0BOB', 'sandbox vm-1');
    const card = await waitForCard(h.slack);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    const summary = await waitForReply(h.slack, card, /^Summary for SR-/, 8000);
    expect(summary.text).toMatch(/0\/1 stopped · 1 timed out/);
    expect(JSON.stringify(summary.blocks)).toMatch(
      /⏱️ `vm-1` \(sbx-0001\) timed out in \d[\d.]*m?s, last status STOPPING/,
    );
    await h.slack.waitFor(
      () => /done: 0\/1 stopped · 1 timed out/.test(cardBlocks(h, card.ts)),
      2000,
      'final card',
    );
  });

  it('/stop help answers with the usage, ephemerally, and posts nothing', async () => {
    const h = await start([vm(1)]);
    const res = await h.driver.command('U0BOB', 'help');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ response_type: 'ephemeral' });
    const text = lastEphemeralText(h.slack, 'U0BOB');
    expect(text).toMatch(/^\*Usage\*/);
    expect(text).toContain(
      '/stop &lt;provider&gt; [&lt;target&gt;,...] [--tag &lt;key&gt;[=&lt;value&gt;]]...',
    );
    expect(h.slack.channelMessages(DEFAULT_CHANNEL)).toHaveLength(0);
  });

  it('an unparseable command says what was wrong, shows the usage, and posts no card', async () => {
    const h = await start([vm(1)]);
    for (const [text, why] of [
      ['sandbox vm-1 --bogus', /I don't know the option "--bogus"/],
      ['mars vm-1', /"mars" is not a provider I know/],
      ['sandbox', /name at least one machine/],
      ['sandbox vm-1 --reason "unclosed', /a quote is not closed/],
    ] as const) {
      const res = await h.driver.command('U0BOB', text);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ response_type: 'ephemeral' });
      const shown = lastEphemeralText(h.slack, 'U0BOB');
      expect(shown).toMatch(why);
      expect(shown).toContain('*Usage*');
      expect(shown).not.toMatch(/Error:|at .*\.ts:\d+/);
    }
    // Give any stray background work a moment to show itself.
    await new Promise((r) => setTimeout(r, 200));
    expect(cards(h)).toHaveLength(0);
    expect(h.slack.counts['chat.postMessage'] ?? 0).toBe(0);
  });

  it('a sandbox not in the config is refused before anything happens', async () => {
    // Another cloud is configured (never called): the sandbox is not.
    h = await startHarness({
      config: baseConfig({ providers: { zenlayer: { endpoint: 'http://127.0.0.1:9' } } }),
      env: { ZENLAYERCLOUD_ACCESS_KEY_ID: 'ZLKEY', ZENLAYERCLOUD_ACCESS_KEY_PASSWORD: 'zl-password' },
    });
    await h.driver.command('U0BOB', 'sandbox vm-1');
    expect(lastEphemeralText(h.slack, 'U0BOB')).toMatch(/Sandbox is not configured on this bot/);
    expect(cards(h)).toHaveLength(0);
  });
});
