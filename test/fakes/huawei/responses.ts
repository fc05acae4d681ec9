import { randomBytes } from 'node:crypto';

/** What a fake route answers; the server adds X-Request-Id and latency. */
export interface FakeResponse {
  status: number;
  body: string;
  contentType?: string;
  /** Leave out the X-Request-Id header (the gateway body still carries request_id). */
  noRequestIdHeader?: boolean;
}

export const newRequestId = (): string => randomBytes(16).toString('hex');

export function json(status: number, value: unknown): FakeResponse {
  return { status, body: JSON.stringify(value) };
}

/** ECS "task style" error body (spec §2). */
export function ecsError(status: number, code: string, message: string): FakeResponse {
  return json(status, { error: { code, message } });
}

/** API-gateway error body (spec §2, §7). */
export function gatewayError(
  status: number,
  code: string,
  message: string,
  requestId = newRequestId(),
): FakeResponse {
  return json(status, { error_code: code, error_msg: message, request_id: requestId });
}

export const throttled = (): FakeResponse =>
  gatewayError(
    429,
    'APIGW.0308',
    'The throttling threshold has been reached: policy user over ratelimit,limit:60,time:1 minute',
  );

export const badGatewayHtml = (): FakeResponse => ({
  status: 502,
  body: '<html><head><title>502 Bad Gateway</title></head><body>502 Bad Gateway</body></html>',
  contentType: 'text/html',
});

export const systemError = (): FakeResponse => ecsError(500, 'Common.0001', 'System exception.');
