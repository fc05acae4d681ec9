import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';

let fake: FakeSlack;
beforeEach(async () => {
  fake = await startFakeSlack();
});
afterEach(async () => {
  await fake.close();
});

function respond(url: string, body: unknown, contentType = 'application/json') {
  return fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify(body) });
}

function postCard(): string {
  const msg = fake.state.post({
    channel: 'C0OPS',
    threadTs: undefined,
    user: fake.config.botUserId,
    botId: fake.config.botId,
    text: 'card',
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Stop srv-1?' } }],
    replyBroadcast: false,
    by: 'chat.postMessage',
  });
  return msg.ts;
}

describe('fake response_url', () => {
  it('records ephemeral and in_channel replies of a slash command per id', async () => {
    const url = fake.responseUrl('cmd-a', { userId: 'U0BOB', channelId: 'C0OPS' });
    expect((await respond(url, { text: 'working…' })).status).toBe(200);
    // replace_original on a command's response_url does not replace anything: it is another ephemeral
    await respond(url, { text: 'still working', replace_original: true });
    await respond(url, { response_type: 'in_channel', text: 'srv-1 stopped' });
    expect(fake.ephemeralsFor('U0BOB').map((e) => e.text)).toEqual(['working…', 'still working']);
    expect(fake.channelMessages('C0OPS').map((m) => m.text)).toEqual(['srv-1 stopped']);
    expect(fake.responsesFor('cmd-a').map((p) => [p.responseType, p.replaceOriginal])).toEqual([
      [undefined, false],
      [undefined, true],
      ['in_channel', false],
    ]);
  });

  it('replaces or deletes the clicked message when bound to it', async () => {
    const ts = postCard();
    const url = fake.responseUrl('act-a', { userId: 'U0ALICE', channelId: 'C0OPS', messageTs: ts });
    await respond(url, { replace_original: true, text: 'Approved by <@U0ALICE>' });
    expect(fake.message('C0OPS', ts)).toMatchObject({ text: 'Approved by <@U0ALICE>', blocks: [] });
    expect(fake.message('C0OPS', ts)?.history.map((v) => v.by)).toEqual(['chat.postMessage', 'response_url']);
    await respond(url, { delete_original: true });
    expect(fake.channelMessages('C0OPS')).toEqual([]);
  });

  it('allows 5 uses, expires after 30 minutes, rejects non-JSON and can be made to fail', async () => {
    let now = 1_700_000_000_000;
    await fake.close();
    fake = await startFakeSlack({ now: () => now });
    const url = fake.responseUrl('cmd-b', { userId: 'U0BOB' });
    for (let i = 0; i < 5; i++) expect((await respond(url, { text: `#${i}` })).status).toBe(200);
    expect((await respond(url, { text: 'sixth' })).status).toBe(404);

    const late = fake.responseUrl('cmd-c', { userId: 'U0BOB' });
    now += 30 * 60_000 + 1;
    expect((await respond(late, { text: 'too late' })).status).toBe(404);

    const other = fake.responseUrl('cmd-d', { userId: 'U0BOB' });
    expect((await respond(other, { text: 'form' }, 'application/x-www-form-urlencoded')).status).toBe(400);
    fake.failNext('response_url', { status: 500 });
    expect((await respond(other, { text: 'boom' })).status).toBe(500);
    expect((await respond(other, { text: 'fine' })).status).toBe(200);
    expect(fake.counts.response_url).toBe(10);
  });

  it('waitFor reports the last failed expectation on timeout', async () => {
    const waiting = fake.waitFor(
      () => {
        expect(fake.messages).toHaveLength(1);
        return true;
      },
      100,
      'one message',
    );
    await expect(waiting).rejects.toThrow(
      /waitFor\(one message\) timed out after 100 ms: expected \[\] to have a length of 1/,
    );
    setTimeout(postCard, 20);
    await expect(fake.waitFor(() => fake.messages[0]?.text, 1000)).resolves.toBe('card');
  });
});
