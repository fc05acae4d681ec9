import type { Operation } from '../../domain/types.js';
import type { PostFailure } from './paced-slack.js';

/** Slack's answers that do mean the bot cannot post in the channel. */
const MEMBERSHIP = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

/**
 * What the requester is told when their card could not be posted, naming the
 * real cause: a rate limit or an outage is never reported as a membership problem.
 */
export function cardNotPostedText(requestId: string, reason: PostFailure, op: Operation = 'stop'): string {
  const tail = `Request ${requestId} was not posted and nothing will be ${op === 'start' ? 'started' : 'stopped'}.`;
  if (MEMBERSHIP.has(reason))
    return `I couldn't post the request in this channel (Slack says \`${reason}\`: is the bot a member? try \`/invite @stopbot\`). ${tail}`;
  if (reason === 'rate_limited')
    return `I couldn't post the request in this channel: Slack kept refusing posts here for too long (rate limited). ${tail} Try again in a minute.`;
  if (reason === 'slack_unavailable')
    return `I couldn't post the request in this channel: Slack did not answer or answered with a server error, several times. ${tail} Try again in a minute.`;
  return `I couldn't post the request in this channel: Slack answered \`${reason}\`. ${tail}`;
}

/** The card is saved and a job will post it: say so, and why it is late. */
export function cardDelayedText(requestId: string, reason: PostFailure): string {
  const why =
    reason === 'rate_limited'
      ? 'Slack is rate limiting posts in this channel just now'
      : 'Slack is not answering just now (server errors)';
  return `${why}. Request ${requestId} is saved; I'll post its card here as soon as Slack lets me, and tell you if I have to give up.`;
}
