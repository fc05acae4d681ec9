import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { baseConfig, type Harness, startHarness } from '../helpers/bot-harness.js';
import { rejectCard, requestIdOf, waitForCard, waitForReply } from '../helpers/cards.js';
import { liveMentions } from '../helpers/reply-checks.js';
import { waitForStartCard } from '../helpers/undo-world.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const machines = Array.from({ length: 12 }, (_, i) => ({ id: `sbx-${i}`, name: `vm-${i}` }));

async function start(notify: 'none' | 'dm') {
  const config = baseConfig({
    incidentChannel: 'C0INCIDENT',
    providers: { sandbox: { machines, stopDelay: '100ms' } },
  });
  (config.approvals as Record<string, unknown>).notify = notify;
  (config.approvals as Record<string, unknown>).approvers = ['U0ALICE', 'U0DAVE', 'U0BOB', 'S0ONCALL'];
  h = await startHarness({ config });
  return h;
}

describe('approvers are told', () => {
  it('the card mentions them; with notify: dm each listed user but the requester gets a DM linking the card', async () => {
    const h = await start('dm');
    await h.driver.command('U0BOB', 'sandbox vm-0,vm-1 --reason disk full');
    const card = await waitForCard(h.slack);
    const id = requestIdOf(card);
    expect(liveMentions(JSON.stringify(card.blocks))).toEqual([
      '<@U0BOB>',
      '<@U0ALICE>',
      '<@U0DAVE>',
      '<@U0BOB>',
      '<!subteam^S0ONCALL>',
    ]);
    const link = `https://${h.slack.config.teamDomain}.slack.com/archives/${DEFAULT_CHANNEL}/p${card.ts.replace('.', '')}`;
    for (const user of ['U0ALICE', 'U0DAVE']) {
      const dm = await h.slack.waitFor(
        () => h.slack.messages.find((m) => m.channel === user),
        5000,
        `a DM to ${user}`,
      );
      expect(dm.text).toContain(id);
      expect(dm.text).toContain(`<${link}|the request card>`);
    }
    // The requester is not told about their own request; groups are reached by the mention.
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.messages.filter((m) => m.channel === 'U0BOB' || m.channel === 'S0ONCALL')).toEqual([]);
  });

  it('with notify: dm a Start again request is sent to the approvers too, not to its asker', async () => {
    const h = await start('dm');
    await h.driver.command('U0BOB', 'sandbox vm-0');
    const card = await waitForCard(h.slack);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    const summary = await waitForReply(h.slack, card, /^Summary for SR-.*1\/1 stopped/);
    await h.driver.click('U0DAVE', { actionId: 'stop_undo', messageTs: summary.ts });
    const startCard = await waitForStartCard(h.slack);
    const startId = requestIdOf(startCard);
    const dm = await h.slack.waitFor(
      () => h.slack.messages.find((m) => m.channel === 'U0ALICE' && m.text.includes(startId)),
      5000,
      'the DM to U0ALICE about the start request',
    );
    expect(dm.text).toMatch(
      new RegExp(`<@U0DAVE> asks to start again 1 machine on Sandbox \\(${startId}\\)`),
    );
    // The asker (U0DAVE) is not told of their own request; U0BOB is an approver and is.
    await h.slack.waitFor(
      () => h.slack.messages.find((m) => m.channel === 'U0BOB' && m.text.includes(startId)),
      5000,
      'the DM to U0BOB',
    );
    expect(h.slack.messages.filter((m) => m.channel === 'U0DAVE' && m.text.includes(startId))).toEqual([]);
  });

  it('without notify, no DMs; incident notices link the card and name the targets, summarised when long', async () => {
    const h = await start('none');
    await h.driver.command('U0BOB', 'sandbox vm-0,vm-1,vm-2,vm-3,vm-4,vm-5,vm-6,vm-7 --reason sweep');
    const card = await waitForCard(h.slack);
    const id = requestIdOf(card);
    const notice = await h.slack.waitFor(
      () => h.slack.channelMessages('C0INCIDENT').find((m) => m.text.includes(id)),
      5000,
      'the incident notice',
    );
    const link = `https://${h.slack.config.teamDomain}.slack.com/archives/${DEFAULT_CHANNEL}/p${card.ts.replace('.', '')}`;
    expect(notice.text).toContain(`*<${link}|${id}>*`);
    expect(notice.text).toContain(
      '8 machines on Sandbox (`vm-0`, `vm-1`, `vm-2`, `vm-3`, `vm-4` and 3 more)',
    );
    await rejectCard(h, 'U0ALICE', card);
    const rejected = await h.slack.waitFor(
      () => h.slack.channelMessages('C0INCIDENT').find((m) => m.text.includes('rejected')),
      5000,
      'the rejection notice',
    );
    expect(rejected.text).toContain(`*<${link}|${id}>* rejected by <@U0ALICE>`);
    // One permalink lookup serves every notice of the card.
    expect(h.slack.counts['chat.getPermalink']).toBe(1);
    expect(h.slack.messages.filter((m) => m.channel.startsWith('U'))).toEqual([]);
  });
});
