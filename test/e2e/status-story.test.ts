import { afterEach, describe, expect, it } from 'vitest';
import { baseConfig, type Harness, startHarness } from '../helpers/bot-harness.js';
import { lastEphemeralText, requestIdOf, waitForCard, waitForReply } from '../helpers/cards.js';

let h: Harness | undefined;
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
    await h.driver.click('U0MALLORY', { actionId: 'stop_approve', messageTs: card.ts });
    await h.slack.waitFor(
      () => /not an approver/.test(lastEphemeralText(h!.slack, 'U0MALLORY')),
      5000,
      'mallory refused',
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
    expect(story).toMatch(/<@U0MALLORY> clicked approve: refused, they are not an approver/);
    expect(story).toMatch(/<@U0ALICE> clicked approve: accepted/);
    expect(story).toMatch(/✅ `vm-1` \(sbx-1\) stopped/);
    expect(story).toMatch(/❌ `vm-2` \(sbx-2\) failed: sandbox: machine refused to stop/);
    expect(story).toMatch(/calls? to the cloud, 0 failed/);
  });
});
