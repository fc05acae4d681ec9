import { afterEach, describe, expect, it } from 'vitest';
import { buildBlockSuggestion, buildViewAction, buildViewSubmission } from '../fakes/slack/view-payload.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { baseConfig, type Harness, startHarness } from '../helpers/bot-harness.js';
import { waitForCard } from '../helpers/cards.js';
import { type ModalInput, modalValues, openModal } from '../helpers/modal.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const machines = Array.from({ length: 150 }, (_, i) => ({
  id: `sbx-${String(i).padStart(4, '0')}`,
  name: `vm-${i}`,
  // Three machines of team payments, to select by tag from the form.
  ...(i >= 10 && i < 13 ? { tags: { team: 'payments' } } : {}),
}));
const HW_ENV = {
  HUAWEICLOUD_SDK_AK: 'HWMODALAK0000000001',
  HUAWEICLOUD_SDK_SK: 'hwModalSecret000000000000000000000000000',
};

async function start(extra: Record<string, unknown> = {}) {
  h = await startHarness({
    config: baseConfig({
      providers: {
        sandbox: { machines, stopDelay: '100ms' },
        // Never called in these tests: only its modes matter (the form shows SOFT/HARD for it).
        huawei: {
          region: 'cn-north-4',
          projectId: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
          endpoint: 'http://127.0.0.1:9',
        },
      },
      ...extra,
    }),
    env: HW_ENV,
  });
  return h;
}

/** Calls the bot made to the (sandbox) cloud so far. */
async function cloudCalls(h: Harness): Promise<number> {
  const metric = await h.bot.metrics.providerCalls.get();
  return metric.values.filter((v) => v.labels.provider === 'sandbox').reduce((n, v) => n + v.value, 0);
}

async function submit(
  h: Harness,
  viewId: string,
  input: ModalInput,
  user = 'U0BOB',
  patch?: (p: Record<string, unknown>) => void,
) {
  const payload = buildViewSubmission(h.slack, user, viewId, modalValues(input));
  patch?.(payload);
  return h.driver.interact(payload);
}

describe('the /stop modal', () => {
  it('opens on a bare /stop with the trigger_id, lists the configured providers, SOFT/HARD only where the cloud has both', async () => {
    const h = await start();
    const res = await h.driver.command('U0BOB', '');
    expect(res.status).toBe(200);
    const modal = await h.slack.waitFor(() => [...h.slack.state.views.values()][0], 5000, 'a modal');
    expect(h.slack.calls.find((c) => c.method === 'views.open')?.ok).toBe(true);
    expect(modal.view.callback_id).toBe('stop_modal');
    expect(JSON.parse(String(modal.view.private_metadata))).toEqual({ channel: DEFAULT_CHANNEL });
    const text = JSON.stringify(modal.view.blocks);
    for (const id of ['stop_provider', 'stop_targets', 'stop_tags', 'stop_reason'])
      expect(text).toContain(id);
    expect(text).toContain('"value":"sandbox"');
    expect(text).toContain('"value":"huawei"');
    // Sandbox (listed first here) has one mode: no SOFT/HARD choice.
    const first = (modal.view.blocks as { element?: { initial_option?: { value: string } } }[])[0];
    const hasMode = text.includes('"action_id":"stop_mode"');
    expect(hasMode).toBe(first?.element?.initial_option?.value === 'huawei');

    // Switching the provider redraws the form through views.update.
    await h.driver.interact(
      buildViewAction(h.slack, 'U0BOB', modal.id, {
        actionId: 'stop_provider',
        blockId: 'provider',
        type: 'static_select',
        value: 'huawei',
      }),
    );
    await h.slack.waitFor(() => modal.history.some((v) => v.by === 'views.update'), 5000, 'views.update');
    expect(JSON.stringify(modal.view.blocks)).toContain('"action_id":"stop_mode"');
    expect(JSON.stringify(modal.view.blocks)).toContain('HARD');
    await h.driver.interact(
      buildViewAction(h.slack, 'U0BOB', modal.id, {
        actionId: 'stop_provider',
        blockId: 'provider',
        type: 'static_select',
        value: 'sandbox',
      }),
    );
    await h.slack.waitFor(
      () => modal.history.filter((v) => v.by === 'views.update').length === 2,
      5000,
      'second update',
    );
    expect(JSON.stringify(modal.view.blocks)).not.toContain('"action_id":"stop_mode"');
  });

  it('uses a trigger_id once and within 3 s (the fake refuses a reused or late one)', async () => {
    const h = await start();
    await h.driver.command('U0BOB', '', { triggerId: undefined });
    await h.slack.waitFor(() => h.slack.counts['views.open'] === 1, 5000, 'views.open');
    const [trigger] = [...h.slack.state.triggers.entries()].find(([, t]) => t.used) ?? [];
    expect(trigger).toBeDefined();
    // A redelivery of the same command does not try the spent trigger again.
    const res = await h.driver.command('U0BOB', '', { triggerId: trigger });
    expect(res.status).toBe(200);
    // A fresh command whose trigger is already late (the fake counts 3 s from its issue) gets a plain note.
    const late = `${Math.floor(Date.now() / 1000)}.1.${'a'.repeat(32)}`;
    h.slack.state.triggers.set(late, { at: Date.now() - 3_500, used: false });
    await h.driver.command('U0BOB', '', { triggerId: late });
    const note = await h.slack.waitFor(() => h.slack.lastEphemeral('U0BOB'), 5000, 'an ephemeral note');
    expect(note.text).toMatch(/could not open the stop form/);
    expect(h.slack.calls.filter((c) => c.method === 'views.open').map((c) => c.error)).toEqual([
      undefined,
      'expired_trigger_id',
    ]);
    expect(h.slack.state.views.size).toBe(1);
  });

  it('answers type-ahead from the provider: filtered, at most 100, cached briefly', async () => {
    const h = await start();
    const modal = await openModal(h);
    const values = modalValues({ provider: 'sandbox' });
    const ask = (value: string) =>
      h.driver.interact(buildBlockSuggestion(h.slack, 'U0BOB', modal.id, 'stop_targets', value, values));
    const before = await cloudCalls(h);
    const all = await ask('vm');
    expect(all.status).toBe(200);
    const options = (all.body as { options: { value: string; text: { text: string } }[] }).options;
    expect(options).toHaveLength(100);
    expect(all.ms).toBeLessThan(3000);
    const some = (await ask('vm-12')).body as { options: { value: string; text: { text: string } }[] };
    expect(some.options.map((o) => o.text.text.split(' ')[0])).toEqual([
      'vm-12',
      ...Array.from({ length: 10 }, (_, i) => `vm-12${i}`),
    ]);
    expect(some.options[0]?.value).toBe('sbx-0012');
    expect(((await ask('nothing-like-it')).body as { options: unknown[] }).options).toEqual([]);
    expect(await cloudCalls(h)).toBe(before + 3);
    // Asked again at once: answered from the short cache, no new cloud call.
    expect(((await ask('vm-12')).body as { options: unknown[] }).options).toHaveLength(11);
    expect(await cloudCalls(h)).toBe(before + 3);
    // A stranger's view (not our callback) gets nothing.
    const forged = buildBlockSuggestion(h.slack, 'U0BOB', modal.id, 'stop_targets', 'vm', values);
    (forged.view as Record<string, unknown>).callback_id = 'other_modal';
    expect(((await h.driver.interact(forged)).body as { options: unknown[] }).options).toEqual([]);
  });

  it('a valid submission closes the modal and posts the same card in the channel it came from', async () => {
    const h = await start();
    const modal = await openModal(h, 'U0BOB', 'C0OTHER');
    const res = await submit(h, modal.id, {
      provider: 'sandbox',
      targets: ['sbx-0001', 'sbx-0002'],
      reason: 'drill from the form',
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const card = await waitForCard(h.slack, 'C0OTHER');
    expect(card.text).toMatch(/2 machines on Sandbox — pending/);
    expect(JSON.stringify(card.blocks)).toContain('drill from the form');
    expect(JSON.stringify(card.blocks)).toContain('stop_approve');
    // Who may approve is mentioned, so Slack notifies them.
    expect(JSON.stringify(card.blocks)).toContain('from <@U0ALICE>, <!subteam^S0ONCALL>');
    // The same submission delivered again posts nothing more.
    await submit(h, modal.id, {
      provider: 'sandbox',
      targets: ['sbx-0001', 'sbx-0002'],
      reason: 'drill from the form',
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(h.slack.channelMessages('C0OTHER').filter((m) => /^Stop request/.test(m.text))).toHaveLength(1);
  });

  it('selects by tag with the same code as the command: the card shows the tags and the count', async () => {
    const h = await start();
    const modal = await openModal(h, 'U0BOB', 'C0OTHER');
    const res = await submit(h, modal.id, {
      provider: 'sandbox',
      targets: ['sbx-0001', 'sbx-0011'],
      tags: 'team=payments\n',
    });
    expect(res.status).toBe(200);
    const card = await waitForCard(h.slack, 'C0OTHER');
    expect(card.text).toMatch(/4 machines on Sandbox — pending/);
    const blocks = JSON.stringify(card.blocks);
    expect(blocks).toContain('`team=payments` matched 3');
    for (const id of ['sbx-0001', 'sbx-0010', 'sbx-0011', 'sbx-0012']) expect(blocks).toContain(id);
  });

  it('shows errors next to the field, keyed by block, and requests nothing', async () => {
    const h = await start();
    const modal = await openModal(h);
    const errorsOf = async (input: ModalInput) => {
      const res = await submit(h, modal.id, input);
      expect(res.status).toBe(200);
      const body = res.body as { response_action: string; errors: Record<string, string> };
      expect(body.response_action).toBe('errors');
      return body.errors;
    };
    expect(await errorsOf({ provider: 'sandbox' })).toEqual({
      targets: expect.stringMatching(/at least one machine, or give tags/),
    });
    expect((await errorsOf({ provider: 'sandbox', targets: ['sbx-9999'] })).targets).toMatch(
      /couldn't find this target/,
    );
    expect((await errorsOf({ provider: 'sandbox', tags: 'env=' })).tags).toMatch(/has no value/);
    expect((await errorsOf({ provider: 'sandbox', tags: 'env=staging' })).tags).toBe(
      'No machine on Sandbox carries `env=staging`. Nothing was requested.',
    );
    expect((await errorsOf({ provider: 'sandbox', targets: ['sbx-0001'], mode: 'HARD' })).mode).toMatch(
      /not available on Sandbox/,
    );
    expect(
      (await errorsOf({ provider: 'sandbox', targets: ['sbx-0001'], reason: 'x'.repeat(600) })).reason,
    ).toMatch(/under 500/);
    expect(h.slack.channelMessages(DEFAULT_CHANNEL).filter((m) => /^Stop request/.test(m.text))).toEqual([]);
  });
});

describe('the /stop modal, hostile', () => {
  it('refuses forged private_metadata, an unknown provider and malformed views with clear errors, no provider call', async () => {
    const h = await start({ channels: [DEFAULT_CHANNEL] });
    const modal = await openModal(h);
    const callsBefore = await cloudCalls(h);
    const errorsOf = async (input: ModalInput, patch?: (p: Record<string, unknown>) => void) => {
      const res = await submit(h, modal.id, input, 'U0BOB', patch);
      return (res.body as { errors?: Record<string, string> }).errors ?? {};
    };
    const forge = (meta: string) => (p: Record<string, unknown>) => {
      (p.view as Record<string, unknown>).private_metadata = meta;
    };
    const good = { provider: 'sandbox', targets: ['sbx-0001'] };
    expect((await errorsOf(good, forge('{"channel":"C0ELSEWHERE"}'))).provider).toMatch(
      /not allowed in this channel/,
    );
    expect((await errorsOf(good, forge('not json'))).provider).toMatch(/damaged/);
    expect((await errorsOf(good, forge('{"channel":"C0OPS","admin":true}'))).provider).toMatch(/damaged/);
    expect((await errorsOf(good, forge('{"channel":"<!channel>"}'))).provider).toMatch(/damaged/);
    expect((await errorsOf({ provider: 'aws', targets: ['i-1'] })).provider).toMatch(
      /"aws" is not a provider configured/,
    );
    expect((await errorsOf({ provider: '__proto__', targets: ['x'] })).provider).toMatch(
      /not a provider configured/,
    );
    // A view with no state, or state of the wrong shape: a 400 or an error in the form, never a crash.
    const noState = buildViewSubmission(h.slack, 'U0BOB', modal.id, {});
    delete (noState.view as Record<string, unknown>).state;
    expect((await h.driver.interact(noState)).status).toBe(400);
    const wrong = buildViewSubmission(h.slack, 'U0BOB', modal.id, {
      provider: { stop_provider: { selected_option: 42 } },
    });
    const res = await h.driver.interact(wrong);
    expect(res.status).toBe(200);
    expect((res.body as { errors: Record<string, string> }).errors.provider).toMatch(/could not be read/);
    expect((await h.driver.interact({ type: 'view_submission', user: { id: 'U0BOB' } })).status).toBe(400);
    // Only the checks ran: no cloud call, no card, and the bot is still up.
    expect(await cloudCalls(h)).toBe(callsBefore);
    expect(h.slack.channelMessages(DEFAULT_CHANNEL).filter((m) => /^Stop request/.test(m.text))).toEqual([]);
    expect((await h.driver.command('U0BOB', 'help')).status).toBe(200);
  });
});
