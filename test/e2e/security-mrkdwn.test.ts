import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { requestIdOf, waitForCard, waitForReply } from '../helpers/cards.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { startHuaweiBot, uuid } from '../helpers/huawei-bot.js';

/** Finding 6: a machine name from the cloud can't leave its code span or restyle the bot's text. */
const start = closeAfterEach(startHuaweiBot);
const EVIL = 'db`*FREE* <!channel> _now_ ~x~\n> quote `';

/** Every line naming the machine: its name sits in one code span, and no other backtick is left. */
function expectContained(where: string, text: string) {
  const lines = text.split('\n').filter((l) => l.includes(uuid(1)));
  expect(lines.length, `${where} names the machine`).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line.split('`').length - 1, `${where}: ${line}`).toBe(2);
    expect(line, where).toContain('dbˋ');
    expect(line, where).not.toContain('<!channel>');
  }
  expect(text, where).not.toMatch(/\n&gt; quote/);
}

/** Every mrkdwn text in a message's blocks, one after another. */
function mrkdwnOf(blocks: unknown[]): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return out.join('\n');
}

describe('finding 6: mrkdwn controls in cloud fields', () => {
  it('a backtick, stars, a mention and a line break in a machine name stay inside its code span on card, thread, summary and status', async () => {
    const { h } = await start([{ id: uuid(1), name: EVIL, state: 'running' }]);
    await h.driver.command('U0BOB', `huawei ${uuid(1)}`);
    const card = await waitForCard(h.slack);
    expectContained('card', mrkdwnOf(card.blocks));
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    const summary = await waitForReply(h.slack, card, /^Summary for SR-/);
    expectContained('summary', mrkdwnOf(summary.blocks));
    const decided = h.slack.message(DEFAULT_CHANNEL, card.ts);
    expectContained('decided card', mrkdwnOf(decided?.blocks ?? []));
    await h.driver.command('U0BOB', `status ${requestIdOf(card)}`);
    const status = await h.slack.waitFor(
      () => h.slack.lastEphemeral('U0BOB')?.text.match(/is \*done\*/) && h.slack.lastEphemeral('U0BOB')?.text,
      5000,
      'the status reply',
    );
    expectContained('status', status ?? '');
  });
});
