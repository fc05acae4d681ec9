/** Reply bodies in SAE's wire format (spec §2 envelope, §4 errors). */

export interface Reply {
  status: number;
  contentType: string;
  body: string;
}

const JSON_TYPE = 'application/json;charset=utf-8';
const trace = (requestId: string) => `0bc3b6e2${requestId.replace(/-/g, '').slice(-22)}`;

export const ok = (requestId: string, data: unknown): Reply => ({
  status: 200,
  contentType: JSON_TYPE,
  body: JSON.stringify({
    RequestId: requestId,
    Code: '200',
    Message: 'success',
    Success: true,
    TraceId: trace(requestId),
    Data: data,
  }),
});

/** A business error: the success envelope with Success=false, HTTP 400. */
export const businessError = (requestId: string, code: string, message: string): Reply => ({
  status: 400,
  contentType: JSON_TYPE,
  body: JSON.stringify({
    RequestId: requestId,
    Code: code,
    Message: message,
    ErrorCode: code,
    TraceId: trace(requestId),
    Success: false,
  }),
});

/** An API-gateway error (auth, throttling, server trouble). */
export const gatewayError = (requestId: string, status: number, code: string, message: string): Reply => ({
  status,
  contentType: JSON_TYPE,
  body: JSON.stringify({
    RequestId: requestId,
    HostId: 'sae.fake.local',
    Code: code,
    Message: message,
    Recommend: `https://troubleshoot.invalid/?q=${code}&product=sae`,
  }),
});

export const throttled = (requestId: string): Reply =>
  gatewayError(requestId, 400, 'Throttling.User', 'Request was denied due to user flow control.');

export const html503: Reply = {
  status: 503,
  contentType: 'text/html',
  body: '<html>Service Unavailable</html>',
};
