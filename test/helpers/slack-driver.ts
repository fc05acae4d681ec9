import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { buildBlockActions, type ClickOptions } from '../fakes/slack/click-payload.js';
import { buildSlashCommand, type CommandOptions } from '../fakes/slack/command-payload.js';
import { recordCommandReply } from '../fakes/slack/command-reply.js';
import type { FakeSlack } from '../fakes/slack/fake-slack.js';
import { isObj } from '../fakes/slack/wire.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';

export interface SlackDriverOptions {
  /** http://127.0.0.1:<port> of the bot's HTTP receiver. */
  botUrl: string;
  signingSecret: string;
  fakeSlack: FakeSlack;
  /** Milliseconds clock for request timestamps (default Date.now). */
  now?: () => number;
  /** Default '/slack/events'. */
  path?: string;
}

export interface Retry {
  retryNum?: number;
  retryReason?: string;
}

export interface DriverResult {
  status: number;
  /** Parsed JSON when the bot answered JSON, the raw text otherwise ('' for an empty ack). */
  body: unknown;
  ms: number;
  /** The exact form body sent (for redelivery). */
  sentBody: string;
  /** The response_url id handed to the bot (read its posts with fakeSlack.responsesFor(id)). */
  responseUrlId: string | undefined;
  /** Set for slash commands: whose immediate reply the answer body is. */
  command: { userId: string; channelId: string } | undefined;
}

export type SlackDriver = ReturnType<typeof createSlackDriver>;

function parseBody(text: string, contentType: string | undefined): unknown {
  if (!contentType?.includes('application/json') && !/^\s*[{[]/.test(text)) return text;
  try {
    return JSON.parse(text);
  } catch (err) {
    if (err instanceof SyntaxError) return text;
    throw err;
  }
}

/** Sends Slack-signed slash commands and block_actions to the bot, with payloads built from the fake's state. */
export function createSlackDriver(options: SlackDriverOptions) {
  const { fakeSlack, signingSecret } = options;
  const now = options.now ?? Date.now;
  const endpoint = `${options.botUrl}${options.path ?? '/slack/events'}`;

  /** X-Slack-Request-Timestamp and X-Slack-Signature for `body` (v0:{ts}:{body}, HMAC-SHA256 hex). */
  function sign(body: string, ts = Math.floor(now() / 1000)): Record<string, string> {
    const digest = createHmac('sha256', signingSecret).update(`v0:${ts}:${body}`).digest('hex');
    return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': `v0=${digest}` };
  }

  async function raw(body: string, headers: Record<string, string>): Promise<DriverResult> {
    const started = performance.now();
    const res = await request(endpoint, { method: 'POST', body, headers });
    const text = await res.body.text();
    const contentType = res.headers['content-type'];
    return {
      status: res.statusCode,
      body: parseBody(text, typeof contentType === 'string' ? contentType : undefined),
      ms: performance.now() - started,
      sentBody: body,
      responseUrlId: undefined,
      command: undefined,
    };
  }

  async function post(body: string, retry: Retry): Promise<DriverResult> {
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      ...sign(body),
    };
    if (retry.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(retry.retryNum);
      headers['x-slack-retry-reason'] = retry.retryReason ?? 'http_timeout';
    }
    return raw(body, headers);
  }

  /** What Slack shows the caller for a command's HTTP answer (ephemeral or in_channel reply). */
  function showReply(result: DriverResult): DriverResult {
    const { body, command } = result;
    if (command && result.status === 200 && isObj(body)) {
      recordCommandReply(fakeSlack, command.userId, command.channelId, body);
    }
    return result;
  }

  return {
    sign,
    raw,

    /** POSTs a signed slash command exactly as Slack does (form fields, response_url on the fake). */
    async command(userId: string, text: string, opts: CommandOptions & Retry = {}): Promise<DriverResult> {
      const built = buildSlashCommand(fakeSlack, userId, text, {
        ...opts,
        channelId: opts.channelId ?? DEFAULT_CHANNEL,
      });
      const body = new URLSearchParams(built.fields).toString();
      const result = await post(body, opts);
      const command = { userId, channelId: built.fields.channel_id ?? DEFAULT_CHANNEL };
      return showReply({ ...result, responseUrlId: built.responseUrlId, command });
    },

    /** POSTs a signed block_actions payload for a click on a message the fake holds (may be an older version). */
    async click(userId: string, click: ClickOptions & Retry): Promise<DriverResult> {
      const built = buildBlockActions(fakeSlack, userId, click);
      const body = new URLSearchParams({ payload: JSON.stringify(built.payload) }).toString();
      const result = await post(body, click);
      return { ...result, responseUrlId: built.responseUrlId };
    },

    /** POSTs a signed interaction payload (view_submission, block_suggestion, block_actions from a view). */
    async interact(payload: unknown, retry: Retry = {}): Promise<DriverResult> {
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      return post(body, retry);
    },

    /** POSTs a signed Events API body (JSON), with retry headers when asked. */
    async event(envelope: unknown, retry: Retry = {}): Promise<DriverResult> {
      const body = JSON.stringify(envelope);
      const headers: Record<string, string> = { 'content-type': 'application/json', ...sign(body) };
      if (retry.retryNum !== undefined) {
        headers['x-slack-retry-num'] = String(retry.retryNum);
        headers['x-slack-retry-reason'] = retry.retryReason ?? 'http_timeout';
      }
      return raw(body, headers);
    },

    /** Sends the same body again, freshly signed, with retry headers (a duplicate delivery). */
    async redeliver(sent: DriverResult, retryNum = 1, retryReason = 'http_timeout'): Promise<DriverResult> {
      const result = await post(sent.sentBody, { retryNum, retryReason });
      return showReply({ ...result, responseUrlId: sent.responseUrlId, command: sent.command });
    },
  };
}
