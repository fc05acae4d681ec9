import { afterEach, describe, expect, it } from 'vitest';
import { appId, openSae, REGION, TEST_KEY_ID, TEST_SECRET } from '../fakes/alibaba/harness.js';
import { startFakeSae } from '../fakes/alibaba/server.js';
import { startFakeEcs } from '../fakes/huawei/server.js';
import type { SlackMessage } from '../fakes/slack/types.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { zenlayerId } from '../fakes/zenlayer/harness.js';
import { FAKE_ACCESS_KEY_ID, FAKE_ACCESS_KEY_PASSWORD, startFakeZenlayer } from '../fakes/zenlayer/server.js';
import { baseConfig, type Harness, startHarness } from '../helpers/bot-harness.js';
import { requestIdOf, waitForCard, waitForReply } from '../helpers/cards.js';

/**
 * Each cloud fake faults about 30% of calls (5xx, throttling, timeouts past
 * the client's 1 s limit, connection resets, non-JSON bodies), seeded so a
 * failure replays. A whole Slack flow must still end with every target
 * stopped, or failed / timed out with its reason in the thread, and no
 * machine may be stopped twice.
 */
const N = 8;
const FAILS = 3; // one machine whose stop the cloud refuses
const SEED = 20_240_601;
const HANG_MS = 1500;

interface Fake {
  url: string;
  /**
   * Stops the cloud carried out on the machine's power: ones that took hold, plus any
   * that reached it while it was already stopping or stopped. A stop tried again on a
   * machine the cloud refused to stop (still running, idle) is not counted.
   */
  stopsOf(id: string): number;
  isStopped(id: string): boolean;
  faultsDealt(): number;
  close(): Promise<void>;
}

interface Rig {
  fake: Fake;
  ids: string[];
  names: string[];
  config: Record<string, unknown>;
  env: Record<string, string>;
}

const HW_AK = 'HWFAULTSAK0000000001';
const HW_SK = 'hwFaultsSecretKey00000000000000000000000';
const PROJECT = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const range = Array.from({ length: N }, (_, i) => i + 1);

async function huawei(): Promise<Rig> {
  const ids = range.map((i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const ecs = await startFakeEcs({
    ak: HW_AK,
    sk: HW_SK,
    projectId: PROJECT,
    stopDelayMs: 200,
    holdMs: HANG_MS,
    servers: range.map((i) => ({
      id: ids[i - 1] ?? '',
      name: `srv-${i}`,
      state: 'running' as const,
      failStop: i === FAILS,
    })),
    faults: { rate: 0.3, kinds: ['500', '429', 'timeout', 'reset', 'html'], seed: SEED },
  });
  return {
    ids,
    names: range.map((i) => `srv-${i}`),
    config: { huawei: { region: 'cn-north-4', projectId: PROJECT, endpoint: ecs.url, timeout: '1s' } },
    env: { HUAWEICLOUD_SDK_AK: HW_AK, HUAWEICLOUD_SDK_SK: HW_SK },
    fake: {
      url: ecs.url,
      stopsOf: (id) => ecs.stopsTookHoldFor(id) + ecs.stopsWhileStoppingFor(id),
      isStopped: (id) => ecs.isStopped(id),
      faultsDealt: () => [...ecs.faults.dealt.values()].reduce((a, b) => a + b, 0),
      close: () => ecs.close(),
    },
  };
}

async function alibaba(): Promise<Rig> {
  const ids = range.map((i) => appId(i));
  const sae = await startFakeSae({
    region: REGION,
    accounts: { [TEST_KEY_ID]: TEST_SECRET },
    stopDelayMs: 200,
    hangMs: HANG_MS,
    apps: range.map((i) => ({
      appId: ids[i - 1] ?? '',
      appName: `app-${i}`,
      namespaceId: `${REGION}:${i % 2 ? 'prod' : 'staging'}`,
      state: 'running' as const,
      failStop: i === FAILS,
    })),
    faults: { rate: 0.3, kinds: ['500', 'throttle', 'timeout', 'reset', 'html'], seed: SEED },
  });
  return {
    ids,
    names: range.map((i) => `app-${i}`),
    config: {
      alibaba: { region: REGION, endpoint: sae.url, timeout: '1s', callsPerMinute: 100_000, batchSize: 3 },
    },
    env: { ALIBABA_CLOUD_ACCESS_KEY_ID: TEST_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: TEST_SECRET },
    fake: {
      url: sae.url,
      stopsOf: (id) => sae.stopRequestsFor(id),
      isStopped: (id) => sae.isStopped(id),
      faultsDealt: () => sae.faulted(),
      close: () => sae.close(),
    },
  };
}

async function zenlayer(): Promise<Rig> {
  const ids = range.map((i) => zenlayerId(i));
  const bmc = await startFakeZenlayer({
    stopDelayMs: 200,
    machines: range.map((i) => ({ id: ids[i - 1] ?? '', name: `web-${i}`, failStop: i === FAILS })),
    faults: { rate: 0.3, kinds: ['500', '429', 'timeout', 'reset', 'html'], seed: SEED, hangMs: HANG_MS },
  });
  return {
    ids,
    names: range.map((i) => `web-${i}`),
    config: { zenlayer: { endpoint: bmc.url, timeout: '1s' } },
    env: {
      ZENLAYERCLOUD_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
      ZENLAYERCLOUD_ACCESS_KEY_PASSWORD: FAKE_ACCESS_KEY_PASSWORD,
    },
    fake: {
      url: bmc.url,
      stopsOf: (id) => bmc.stopsActedOn(id),
      isStopped: (id) => bmc.statusOf(id) === 'STOPPED',
      faultsDealt: () => Object.values(bmc.faultsInjected()).reduce((a, b) => a + (b ?? 0), 0),
      close: () => bmc.close(),
    },
  };
}

let rig: Rig | undefined;
let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  await rig?.fake.close();
  h = undefined;
  rig = undefined;
});

/** The summary's line for one machine (lines name the machine by `name` and ID). */
function lineFor(summary: SlackMessage, id: string): string {
  const text = JSON.stringify(summary.blocks)
    .split(/\\n|"text":"/)
    .find((l) => l.includes(`(${id})`));
  return text ?? '';
}

describe.each([
  ['huawei', huawei],
  ['alibaba', alibaba],
  ['zenlayer', zenlayer],
])('%s, with about a third of its calls faulted', (provider, make) => {
  it('ends every target stopped, or failed / timed out with a reason in the thread; none stopped twice', async () => {
    rig = await make();
    h = await startHarness({
      config: baseConfig({ tracking: { pollInterval: '100ms', timeout: '8s' }, providers: rig.config }),
      env: rig.env,
    });
    await h.driver.command('U0BOB', `${provider} ${rig.names.join(',')} --reason "fault drill"`);
    const card = await waitForCard(h.slack);
    expect(card.text).toMatch(new RegExp(`${N} machines`));
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    const summary = await waitForReply(h.slack, card, /^Summary for SR-/, 25_000);
    const thread = h.slack.thread(DEFAULT_CHANNEL, card.ts).filter((m) => m.threadTs);
    const threadText = thread.map((m) => `${m.text}\n${JSON.stringify(m.blocks)}`).join('\n');

    expect(rig.fake.faultsDealt(), 'faults were injected').toBeGreaterThan(3);
    const outcomes: Record<string, number> = {};
    for (const [i, id] of rig.ids.entries()) {
      const line = lineFor(summary, id);
      expect(line, `summary line for ${id}`).not.toBe('');
      expect(rig.fake.stopsOf(id), `stops acted on for ${id}`).toBeLessThanOrEqual(1);
      if (line.includes(' stopped')) {
        outcomes.stopped = (outcomes.stopped ?? 0) + 1;
        expect(rig.fake.isStopped(id), `${id} really stopped`).toBe(true);
      } else if (/ failed: /.test(line)) {
        outcomes.failed = (outcomes.failed ?? 0) + 1;
        expect(line).not.toMatch(/failed: no reason given/);
        // The failure also has its own reply in the thread, before the summary.
        expect(thread.some((m) => m !== summary && m.text.includes(`(${id})`) && /failed/.test(m.text))).toBe(
          true,
        );
      } else if (/ timed out/.test(line)) {
        outcomes.timedOut = (outcomes.timedOut ?? 0) + 1;
        expect(line).toMatch(/last status \S+/);
      } else throw new Error(`target ${rig.names[i]} ended silently: ${line}`);
    }
    // The machine the cloud refuses to stop is never reported stopped.
    expect(lineFor(summary, rig.ids[FAILS - 1] ?? '')).not.toMatch(/ stopped/);
    expect(threadText).toContain(requestIdOf(card));
    expect((outcomes.stopped ?? 0) + (outcomes.failed ?? 0) + (outcomes.timedOut ?? 0)).toBe(N);
    expect(outcomes.stopped ?? 0, `outcomes ${JSON.stringify(outcomes)}`).toBeGreaterThanOrEqual(N - 3);
    // Exactly one summary, whatever the retries.
    expect(thread.filter((m) => /^Summary for SR-/.test(m.text))).toHaveLength(1);
  }, 40_000);
});

describe('alibaba: a stop that acted but whose answer was lost', () => {
  it('is not sent again when its change order has already failed', async () => {
    const ns = `${REGION}:prod`;
    const sae = await openSae({
      apps: [{ appId: appId(1), appName: 'app-1', namespaceId: ns, state: 'running', failStop: true }],
      fake: { stopDelayMs: 50, hangMs: HANG_MS },
      config: { timeout: 500 },
    });
    try {
      // The stop call starts a change order, then its answer never comes; the order fails meanwhile.
      sae.fake.faultNext('timeout', 1);
      const result = await sae.provider.stop(
        [{ id: appId(1), name: 'app-1', status: 'RUNNING', stopped: false, group: ns }],
        'SOFT',
      );
      expect(sae.fake.stopRequestsFor(appId(1))).toBe(1);
      expect(result.reports).toEqual([expect.objectContaining({ id: appId(1), state: 'failed' })]);
      expect(result.reports[0]?.reason).toMatch(/change order FAIL/);
    } finally {
      await sae.close();
    }
  });
});
