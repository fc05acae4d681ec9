import { describe, expect, it } from 'vitest';
import { renderBlocks, renderChannel } from './render.js';
import { SlackState } from './state.js';

const plain = (text: string) => ({ type: 'plain_text', text });
const opt = (v: string) => ({ text: plain(v), value: v });

describe('render', () => {
  it('renders a card the way people read it', () => {
    const text = renderBlocks([
      { type: 'header', text: plain('Stop request r1') },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*2 targets* on huawei' },
        fields: [plain('srv-1 ACTIVE')],
      },
      { type: 'divider' },
      {
        type: 'actions',
        elements: [
          {
            type: 'radio_buttons',
            action_id: 'stop_mode',
            options: [opt('SOFT'), opt('HARD')],
            initial_option: opt('HARD'),
          },
        ],
      },
      {
        type: 'section',
        text: plain('Mode'),
        accessory: { type: 'static_select', action_id: 'm', options: [opt('SOFT'), opt('HARD')] },
      },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: 'stop_approve', text: plain('Approve'), style: 'primary' },
          { type: 'button', action_id: 'stop_reject', text: plain('Reject') },
        ],
      },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: 'requested by <@U0BOB>' },
          { type: 'image', alt_text: 'logo', image_url: 'x' },
        ],
      },
      {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'text', text: 'hi ' },
              { type: 'usergroup', usergroup_id: 'S1' },
            ],
          },
        ],
      },
    ]);
    expect(text.split('\n')).toEqual([
      '# Stop request r1',
      '*2 targets* on huawei',
      'srv-1 ACTIVE',
      '----------------------------------------',
      '( ) SOFT (•) HARD',
      'Mode',
      '( ) SOFT ( ) HARD',
      '[ Approve ]  [ Reject ]',
      'requested by <@U0BOB> · [image: logo]',
      'hi <!subteam^S1>',
    ]);
  });

  it('renders a channel with its threads', () => {
    const state = new SlackState(() => 1_700_000_000_000);
    const base = { user: 'U0STOPBOT', botId: 'B1', replyBroadcast: false, by: 'chat.postMessage' as const };
    const root = state.post({ ...base, channel: 'C1', threadTs: undefined, text: 'card', blocks: [] });
    state.post({ ...base, channel: 'C1', threadTs: root.ts, text: 'srv-1 stopping', blocks: [] });
    expect(renderChannel(state, 'C1')).toBe(
      `[${root.ts}] <@U0STOPBOT>\ncard\n  │ [1700000000.000100] <@U0STOPBOT>\n  │ srv-1 stopping\n`,
    );
  });
});
