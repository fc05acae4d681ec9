import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNEL } from '../../fakes/slack/world.js';
import { baseConfig, startHarness } from '../../helpers/bot-harness.js';
import { requestIdOf, waitForCard, waitForReply } from '../../helpers/cards.js';
import { closeAfterEach } from '../../helpers/close-after-each.js';
import type { UndoWorld } from '../../helpers/undo-world.js';
import { waitForEphemeral, waitForStartCard } from '../../helpers/undo-world.js';
import { undoCases } from './undo.cases.js';

const open = closeAfterEach(async (): Promise<UndoWorld> => {
  const h = await startHarness({
    config: baseConfig({
      incidentChannel: 'C0INCIDENT',
      providers: {
        sandbox: {
          machines: [
            { id: 'sbx-0001', name: 'vm-1' },
            { id: 'sbx-0002', name: 'vm-2' },
            { id: 'sbx-0003', name: 'vm-3', fails: true },
          ],
          stopDelay: '150ms',
        },
      },
    }),
  });
  // The sandbox lives inside the bot: its Start calls are read from the bot's provider-call metric.
  const startCalls = async () =>
    (await h.bot.metrics.providerCalls.get()).values
      .filter((s) => s.labels.operation === 'Start')
      .reduce((n, s) => n + s.value, 0);
  return {
    h,
    provider: 'sandbox',
    label: 'Sandbox',
    refs: ['vm-1', 'vm-2'],
    ids: ['sbx-0001', 'sbx-0002'],
    startCalls,
    startRequestsFor: () => undefined,
    isRunning: () => undefined,
    close: () => h.close(),
  };
});

describe('Start again on the sandbox, end to end', () => {
  undoCases(open, { byHand: false });

  it('a stop that stopped nothing (every machine refused) offers no Start again, and /stop undo says why', async () => {
    const w = await open();
    const { h } = w;
    await h.driver.command('U0BOB', 'sandbox vm-3');
    const card = await waitForCard(h.slack);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    const summary = await waitForReply(h.slack, card, /^Summary for SR-/);
    expect(summary.text).toMatch(/0\/1 stopped · 1 failed/);
    expect(JSON.stringify(summary.blocks)).not.toContain('stop_undo');
    await h.driver.command('U0BOB', `undo ${requestIdOf(card)}`);
    await waitForEphemeral(h.slack, 'U0BOB', /stopped no machine, so there is nothing to start again/);
  });

  it('a machine another start brought back meanwhile is left out; a start request cannot be undone', async () => {
    const w = await open();
    const { h } = w;
    // Two stops of vm-1 at once: A (vm-1, vm-2) and E (vm-1). Both end with vm-1 stopped.
    await h.driver.command('U0BOB', 'sandbox vm-1,vm-2');
    const a = await waitForCard(h.slack);
    await h.driver.command('U0BOB', 'sandbox vm-1');
    const e = await waitForCard(h.slack, DEFAULT_CHANNEL, 1);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: a.ts });
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: e.ts });
    await waitForReply(h.slack, a, /^Summary for SR-.*2\/2 stopped/);
    await waitForReply(h.slack, e, /^Summary for SR-.*1\/1 stopped/);
    // E is started again first: vm-1 runs.
    await h.driver.command('U0BOB', `undo ${requestIdOf(e)}`);
    const first = await waitForStartCard(h.slack);
    await h.driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: first.ts });
    await waitForReply(h.slack, first, /^Summary for SR-.*1\/1 running/);
    // The incident channel hears of the start request as of a stop: asked, approved, finished.
    const startId = requestIdOf(first);
    await h.slack.waitFor(
      () => {
        const notices = h.slack
          .channelMessages('C0INCIDENT')
          .map((m) => m.text)
          .filter((t) => t.includes(startId));
        return (
          notices.some((t) =>
            new RegExp(`asked to start again what \\*${requestIdOf(e)}\\* stopped`).test(t),
          ) &&
          notices.some((t) => /approved by <@U0CAROL>; starting 1 machine/.test(t)) &&
          notices.some((t) => /finished: 1\/1 running/.test(t))
        );
      },
      5_000,
      'the incident notices of the start request',
    );
    // Undo of a start request: refused in plain words.
    await h.driver.command('U0BOB', `undo ${requestIdOf(first)}`);
    await waitForEphemeral(h.slack, 'U0BOB', /is a start request .*a start cannot be undone/);
    // Then A: vm-1 is running already, so only vm-2 is asked for.
    await h.driver.command('U0BOB', `undo ${requestIdOf(a)}`);
    const second = await waitForStartCard(h.slack, 1);
    const blocks = JSON.stringify(second.blocks);
    expect(blocks).toMatch(/stopped on \*Sandbox\*: 1 machine/);
    expect(blocks).toMatch(/Already running, left out \(1\):\*\\n• `vm-1`/);
    await h.driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: second.ts });
    const summary = await waitForReply(h.slack, second, /^Summary for SR-/);
    expect(summary.text).toMatch(/1\/1 running/);
    expect(await w.startCalls()).toBe(2);
  });

  it("a provider's own approvers decide its start requests too", async () => {
    const h = await startHarness({
      config: baseConfig({
        providers: {
          lab: {
            cloud: 'sandbox',
            machines: [{ id: 'lab-0001', name: 'box-1' }],
            stopDelay: '100ms',
            approvers: ['U0DAVE'],
          },
        },
      }),
    });
    try {
      await h.driver.command('U0BOB', 'lab box-1');
      const card = await waitForCard(h.slack);
      await h.driver.click('U0DAVE', { actionId: 'stop_approve', messageTs: card.ts });
      const summary = await waitForReply(h.slack, card, /^Summary for SR-.*1\/1 stopped/);
      await h.driver.click('U0BOB', { actionId: 'stop_undo', messageTs: summary.ts });
      const start = await waitForStartCard(h.slack);
      expect(JSON.stringify(start.blocks)).toMatch(/stopped on \*lab\*: 1 machine/);
      // The global approver is not an approver of lab's requests: refused.
      await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: start.ts });
      await waitForEphemeral(h.slack, 'U0ALICE', /not an approver for stop requests on lab/);
      await h.driver.click('U0DAVE', { actionId: 'stop_approve', messageTs: start.ts });
      await waitForReply(h.slack, start, /^Summary for SR-.*1\/1 running/);
    } finally {
      await h.close();
    }
  });
});
