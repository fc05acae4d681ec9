import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResponseUrls } from './response-url.js';
import type { HttpAnswer } from './types.js';
import type { WebApi } from './web-api.js';
import { bearer, parseArgs, readBody, str } from './wire.js';

function send(res: ServerResponse, answer: HttpAnswer): void {
  const json = typeof answer.body !== 'string';
  res.writeHead(answer.status, {
    'content-type': json ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
    ...answer.headers,
  });
  res.end(json ? JSON.stringify(answer.body) : answer.body);
}

/** How long to hold a Web API call before acting on it, if at all (see FakeSlack.holdNext). */
export type HoldFor = (method: string, args: Record<string, unknown>) => number | undefined;

/** The caller hung up while its call was held: nothing is done, nothing is answered. */
const GONE: HttpAnswer = { status: 499, body: 'caller gone' };

async function route(
  req: IncomingMessage,
  webApi: WebApi,
  responseUrls: ResponseUrls,
  holdFor?: HoldFor,
): Promise<HttpAnswer> {
  const url = new URL(req.url ?? '/', 'http://fake');
  const contentType = req.headers['content-type'];
  const raw = await readBody(req);
  if (url.pathname.startsWith('/api/')) {
    const args = parseArgs(contentType, raw, url.searchParams);
    if (!args) return { status: 200, body: { ok: false, error: 'invalid_json' } };
    // JSON bodies must carry the token in the Authorization header; form posts may also send it as a field.
    const isJson = contentType?.startsWith('application/json') ?? false;
    const token = bearer(req.headers.authorization) ?? (isJson ? undefined : str(args, 'token'));
    const method = url.pathname.slice('/api/'.length);
    const holdMs = holdFor?.(method, args);
    if (holdMs !== undefined) {
      await new Promise((resolve) => setTimeout(resolve, holdMs));
      if (req.socket.destroyed) return GONE;
    }
    return webApi.handle(url.pathname.slice('/api/'.length), args, token);
  }
  if (url.pathname.startsWith('/actions/') && req.method === 'POST') {
    return responseUrls.handle(decodeURIComponent(url.pathname.slice('/actions/'.length)), contentType, raw);
  }
  return { status: 404, body: 'not_found' };
}

export function createRequestHandler(webApi: WebApi, responseUrls: ResponseUrls, holdFor?: HoldFor) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    route(req, webApi, responseUrls, holdFor).then(
      (answer) => {
        if (answer !== GONE) send(res, answer);
      },
      (err: unknown) => send(res, { status: 500, body: `fake slack failed: ${String(err)}` }),
    );
  };
}
