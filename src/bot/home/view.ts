import type { HomeView, KnownBlock } from '@slack/types';
import type { RequestDigest } from '../../approvals/types.js';
import { homeActionsBlockId } from '../views/action-ids.js';
import { approveRejectActions } from '../views/approve-buttons.js';
import { type Tally, tallyText } from '../views/machine-lines.js';
import { clip, escapeText, plural, providerLabel, slackDate } from '../views/text.js';

export interface HomeLists {
  waiting: RequestDigest[];
  inProgress: RequestDigest[];
  finished: RequestDigest[];
}

const SHOWN = 10;
const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text: clip(text, 2900) });
const section = (text: string): KnownBlock => ({ type: 'section', text: mrkdwn(text) });

export function digestTally(d: RequestDigest): Tally {
  const c = d.counts;
  const op = d.operation ?? 'stop';
  const done = (op === 'start' ? c.running : c.stopped) ?? 0;
  const failed = c.failed ?? 0;
  const timedOut = c.timed_out ?? 0;
  return { op, total: d.targets, done, failed, timedOut, inFlight: d.targets - done - failed - timedOut };
}

const what = (d: RequestDigest) =>
  `${plural(d.targets, 'machine')} on *${escapeText(providerLabel(d.provider))}*`;
const reasonText = (d: RequestDigest) => (d.reason ? escapeText(d.reason) : '_no reason given_');

function waitingBlocks(d: RequestDigest): KnownBlock[] {
  return [
    section(
      d.operation === 'start'
        ? `*${d.id}* · <@${d.requester}> asks to *start again* what ${escapeText(d.undoes ?? '?')} stopped: ${what(d)} in <#${d.channel}>\n*Reason:* ${reasonText(d)} · expires ${slackDate(d.expiresAt)}`
        : `*${d.id}* · <@${d.requester}> asks to stop ${what(d)} in <#${d.channel}> · mode *${d.mode}*\n*Reason:* ${reasonText(d)} · expires ${slackDate(d.expiresAt)}`,
    ),
    approveRejectActions(homeActionsBlockId(d.id, d.version), d.id, d.mode === 'HARD', d.targets),
  ];
}

const heading = (title: string, n: number): KnownBlock[] => [
  { type: 'divider' },
  section(`*${title}* (${n})`),
];

/** The App Home for one person: what waits for them, what is running, what finished lately. */
export function homeView(lists: HomeLists, now: number): HomeView {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Stop requests' } }];
  blocks.push(...heading('Waiting for your approval', lists.waiting.length));
  if (lists.waiting.length === 0) blocks.push(section('_Nothing waits for you._'));
  for (const d of lists.waiting.slice(0, SHOWN)) blocks.push(...waitingBlocks(d));
  if (lists.waiting.length > SHOWN) blocks.push(section(`…and ${lists.waiting.length - SHOWN} more`));

  blocks.push(...heading('In progress', lists.inProgress.length));
  const running = lists.inProgress
    .slice(0, 20)
    .map(
      (d) =>
        `• *${d.id}* · ${what(d)} · approved by <@${d.decidedBy ?? 'unknown'}> · ${tallyText(digestTally(d))}`,
    );
  blocks.push(section(running.length ? running.join('\n') : '_Nothing is running._'));

  blocks.push(...heading('Last finished', Math.min(lists.finished.length, SHOWN)));
  const done = lists.finished.slice(0, SHOWN).map((d) => {
    const by = d.decidedBy ? ` by <@${d.decidedBy}>` : '';
    const result =
      d.state === 'done'
        ? tallyText(digestTally(d))
        : `${d.state}${by}, nothing ${d.operation === 'start' ? 'started' : 'stopped'}`;
    return `• *${d.id}* · ${what(d)} · ${result}`;
  });
  blocks.push(section(done.length ? done.join('\n') : '_No finished requests yet._'));
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(`Updated ${slackDate(now)} · \`/stop status <id>\` tells the whole story of one request`),
    ],
  });
  return { type: 'home', blocks };
}
