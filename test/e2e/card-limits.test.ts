import { afterEach, describe, expect, it } from 'vitest';
import type { Obj, SlackMessage } from '../fakes/slack/types.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { baseConfig, type Harness, startHarness } from '../helpers/bot-harness.js';
import { waitForCard, waitForReply } from '../helpers/cards.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

const id = (i: number) => `sbx-${String(i).padStart(4, '0')}`;
/** Long names make the character limit bite before the line limit. */
const longName = (i: number) => `vm-${i}-${'payments-ledger-reconciliation-worker-'.repeat(3)}eu-west`;

/** Every mrkdwn/plain text in a message's blocks (section texts and fields, context elements, headers). */
function texts(blocks: Obj[]): string[] {
  const out: string[] = [];
  for (const b of blocks as {
    text?: { text?: string };
    fields?: { text?: string }[];
    elements?: { text?: string }[];
  }[]) {
    if (b.text?.text !== undefined) out.push(b.text.text);
    for (const f of b.fields ?? []) if (f.text !== undefined) out.push(f.text);
    for (const e of b.elements ?? []) if (typeof e.text === 'string') out.push(e.text);
  }
  return out;
}

function expectWithinLimits(message: SlackMessage | undefined) {
  expect(message).toBeDefined();
  const blocks = message?.blocks ?? [];
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const t of texts(blocks)) expect(t.length).toBeLessThanOrEqual(3000);
  expect(message?.text.length ?? 0).toBeLessThanOrEqual(4000);
}

/** "…and N more" in a text whose other lines start with `bullet`: shown + N must be `total`. */
function expectElided(text: string, bullet: RegExp, total: number) {
  const more = /…and (\d+) more/.exec(text);
  expect(more, text.slice(-200)).not.toBeNull();
  const shown = text.split('\n').filter((l) => bullet.test(l)).length;
  expect(shown).toBeGreaterThan(0);
  expect(shown + Number(more?.[1])).toBe(total);
}

describe('card and summary size limits', () => {
  it('300 machines: the card, failure reply and summary stay within Slack limits and say how many are left out', async () => {
    const machines = Array.from({ length: 310 }, (_, k) => {
      const i = k + 1;
      return { id: id(i), name: longName(i), fails: i % 15 === 0, status: i > 300 ? 'STOPPED' : 'RUNNING' };
    });
    h = await startHarness({
      config: baseConfig({
        incidentChannel: 'C0INCIDENT',
        providers: { sandbox: { machines, stopDelay: '100ms' } },
      }),
    });
    const all = machines.map((m) => m.id);
    await h.driver.command('U0BOB', `sandbox ${all.join(',')} --reason "size drill"`);

    // The fake answers invalid_blocks to an oversized card, so it would never appear.
    const card = await waitForCard(h.slack);
    expectWithinLimits(card);
    expect(card.text).toMatch(/300 machines on Sandbox/);
    const toStop = texts(card.blocks).find((t) => t.startsWith('*To stop (300):*')) ?? '';
    expectElided(toStop, /^• `vm-/, 300);
    const skipped = texts(card.blocks).find((t) => t.startsWith('*Already stopped, left out (10):*')) ?? '';
    expect(skipped).not.toBe('');
    expect(skipped.split('\n').filter((l) => l.startsWith('•')).length).toBeLessThanOrEqual(10);

    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    const summary = await waitForReply(h.slack, card, /^Summary for SR-/);
    expect(summary.text).toMatch(/280\/300 stopped · 20 failed/);
    expectWithinLimits(summary);
    const lines = texts(summary.blocks).find((t) => /^(❌|✅)/.test(t)) ?? '';
    expectElided(lines, /^(❌|✅) `vm-/, 300);
    // Worst first: the failures are never the part cut off.
    expect(lines.split('\n')[0]).toMatch(/^❌/);
    expect(JSON.stringify(summary.blocks)).toMatch(/10 already stopped before the request, left out/);

    // 20 failures at once: one reply that lists them, within limits.
    const failures = await waitForReply(h.slack, card, /^20 machines failed to stop/);
    expectWithinLimits(failures);
    expect(texts(failures.blocks).join('\n')).toMatch(/machine refused to stop/);

    await h.slack.waitFor(
      () =>
        /done: 280\/300 stopped · 20 failed/.test(
          JSON.stringify(h?.slack.message(DEFAULT_CHANNEL, card.ts)?.blocks),
        ),
      3000,
      'the final card',
    );
    expectWithinLimits(h.slack.message(DEFAULT_CHANNEL, card.ts));
    for (const m of h.slack.thread(DEFAULT_CHANNEL, card.ts)) expectWithinLimits(m);
    await h.slack.waitFor(() => h?.slack.channelMessages('C0INCIDENT').some((m) => /finished/.test(m.text)));
    const refused = h.slack.calls.filter((c) => !c.ok).map((c) => `${c.method}: ${c.error}`);
    expect(refused).toEqual([]);
  });
});
