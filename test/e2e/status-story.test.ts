import { afterEach, describe, expect, it } from 'vitest';
import { baseConfig, type Harness, startHarness } from '../helpers/bot-harness.js';
import { lastEphemeralText, requestIdOf, waitForCard, waitForReply } from '../helpers/cards.js';

let h: Harness | undefined;
const FLOOD = 30;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('/stop status <id>: the whole story from the audit trail', () => {
  it('tells who asked, who decided, each refused click and why, and each target’s outcome', async () => {
    h = await startHarness({
      config: baseConfig({
        providers: {
          sandbox: {
            machines: [
              { id: 'sbx-1', name: 'vm-1' },
              { id: 'sbx-2', name: 'vm-2', fails: true },
            ],
            stopDelay: '100ms',
          },
        },
      }),
    });
    // U0CAROL is an approver (through S0ONCALL) asking herself: her own click is refused.
    await h.driver.command('U0CAROL', 'sandbox vm-1,vm-2 --reason "story time"');
    const card = await waitForCard(h.slack);
    const id = requestIdOf(card);
    await h.driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: card.ts });
    await h.slack.waitFor(
      () => /cannot approve it yourself/.test(lastEphemeralText(h!.slack, 'U0CAROL')),
      5000,
      'self refused',
    );
    // A flood of refused clicks: the store keeps the first 20 and counts the rest; the story
    // is read from this request's own history, so who asked and who decided stay in it.
    for (let i = 0; i < FLOOD; i += 10)
      await Promise.all(
        Array.from({ length: 10 }, () =>
          h!.driver.click('U0MALLORY', { actionId: 'stop_approve', messageTs: card.ts }),
        ),
      );
    await h.slack.waitFor(
      () =>
        h!.slack.ephemeralsFor('U0MALLORY').filter((e) => /not an approver/.test(e.text)).length === FLOOD ||
        undefined,
      10_000,
      'every flood click refused',
    );
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    await waitForReply(h.slack, card, /^Summary for SR-/);

    await h.driver.command('U0BOB', `status ${id}`);
    const story = await h.slack.waitFor(
      () =>
        /What happened/.test(lastEphemeralText(h!.slack, 'U0BOB'))
          ? lastEphemeralText(h!.slack, 'U0BOB')
          : undefined,
      5000,
      'the status story',
    );
    expect(story).toContain(`*${id}* (Sandbox) is *done*: 1/2 stopped · 1 failed`);
    expect(story).toMatch(/Asked by <@U0CAROL> .* reason: story time/);
    expect(story).toMatch(/Approved by <@U0ALICE>/);
    expect(story).toMatch(
      /<@U0CAROL> clicked approve: refused, they asked for it and may not approve it themselves/,
    );
    expect(story).toMatch(/<@U0CAROL> asked for it/);
    expect(story).toMatch(/<@U0MALLORY> clicked approve: refused, they are not an approver/);
    // 1 + 30 refused: 5 told one by one (Carol's and 4 of Mallory's), 26 counted — 15 of them
    // kept in the history but not shown, 11 only counted by the store.
    expect(story.match(/clicked approve: refused/g)).toHaveLength(5);
    expect(story).toMatch(/• 26 more refused clicks: 26 because they are not an approver/);
    expect(story).toMatch(/<@U0ALICE> clicked approve: accepted/);
    expect(story).toMatch(/✅ `vm-1` \(sbx-1\) stopped/);
    expect(story).toMatch(/❌ `vm-2` \(sbx-2\) failed: sandbox: machine refused to stop/);
    expect(story).toMatch(/calls? to the cloud, 0 failed/);
  }, 30_000);

  it('shows at most 40 targets and says how many more are on the card', async () => {
    const machines = Array.from({ length: 45 }, (_, i) => ({ id: `sbx-${i + 1}`, name: `vm-${i + 1}` }));
    h = await startHarness({
      config: baseConfig({ providers: { sandbox: { machines, stopDelay: '10ms' } } }),
    });
    await h.driver.command('U0BOB', `sandbox ${machines.map((m) => m.name).join(',')}`);
    const card = await waitForCard(h.slack);
    const id = requestIdOf(card);
    await h.driver.command('U0BOB', `status ${id}`);
    const story = await h.slack.waitFor(
      () =>
        /Targets:/.test(lastEphemeralText(h!.slack, 'U0BOB'))
          ? lastEphemeralText(h!.slack, 'U0BOB')
          : undefined,
      5000,
      'the status story',
    );
    const shown = story.split('\n').filter((l) => /`vm-\d+` \(sbx-\d+\)/.test(l)).length;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThanOrEqual(40);
    expect(story).toContain(`…and ${45 - shown} more (see the card and its thread)`);
  });
});
