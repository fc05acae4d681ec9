import type { IncomingHttpHeaders } from 'node:http';
import type { RateWindow } from './rate-window.js';
import { gatewayError, type Reply, throttled } from './replies.js';
import { decodeQuery, header, verifySignature } from './signature.js';

/** The fake API gateway: signature, Date, nonce, region, version, rate limit, forced throttling. */

export interface GatewayOptions {
  region: string;
  accounts: Record<string, string>;
  /** STS keys: access key ID → the security token every call with it must carry (it is signed as an x-acs- header). */
  securityTokens?: Record<string, string>;
  window?: RateWindow;
}

export interface Incoming {
  method: string;
  path: string;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: string;
  requestId: string;
}

export type Admission = { ok: true; query: Map<string, string> } | { ok: false; reply: Reply };

const MAX_SKEW_MS = 15 * 60_000;

export class Gateway {
  private readonly nonces = new Set<string>();
  private readonly rejections = new Map<string, number>();
  throttleLeft = 0;
  limited = 0;

  constructor(private readonly options: GatewayOptions) {}

  rejected(code: string): number {
    return this.rejections.get(code) ?? 0;
  }

  private refuse(rid: string, status: number, code: string, message: string): Admission {
    this.rejections.set(code, (this.rejections.get(code) ?? 0) + 1);
    return { ok: false, reply: gatewayError(rid, status, code, message) };
  }

  admit(req: Incoming): Admission {
    const rid = req.requestId;
    const query = decodeOrUndefined(req.rawQuery);
    if (!query) return this.refuse(rid, 400, 'InvalidParameter', 'The query string is malformed.');
    const auth = verifySignature(req, (id) => this.options.accounts[id]);
    if (!auth.ok) return this.refuse(rid, auth.status, auth.code, auth.message);
    const h = (name: string) => header(req.headers, name);
    const token = this.options.securityTokens?.[auth.accessKeyId];
    if (token !== undefined && h('x-acs-security-token') !== token) {
      return this.refuse(
        rid,
        400,
        'InvalidSecurityToken.MismatchWithAccessKey',
        'The security token does not match the access key.',
      );
    }
    const date = Date.parse(h('date'));
    if (Number.isNaN(date))
      return this.refuse(rid, 400, 'InvalidTimeStamp.Format', 'The Date header is not valid.');
    if (Math.abs(Date.now() - date) > MAX_SKEW_MS) {
      return this.refuse(
        rid,
        400,
        'InvalidTimeStamp.Expired',
        'The Date header is more than 15 minutes off.',
      );
    }
    const nonce = h('x-acs-signature-nonce');
    if (!nonce || this.nonces.has(nonce))
      return this.refuse(rid, 400, 'SignatureNonceUsed', 'The nonce has been used.');
    this.nonces.add(nonce);
    const region = h('x-acs-region-id');
    if (!region) return this.refuse(rid, 400, 'MissingRegionId', 'The x-acs-region-id header is required.');
    if (region !== this.options.region)
      return this.refuse(rid, 400, 'InvalidRegionId', `This endpoint serves ${this.options.region}.`);
    if (h('x-acs-version') !== '2019-05-06')
      return this.refuse(rid, 400, 'InvalidVersion', 'Unknown API version.');
    if (this.options.window && !this.options.window.take(auth.accessKeyId)) {
      this.limited += 1;
      return { ok: false, reply: throttled(rid) };
    }
    if (this.throttleLeft > 0) {
      this.throttleLeft -= 1;
      return { ok: false, reply: throttled(rid) };
    }
    return { ok: true, query };
  }
}

function decodeOrUndefined(raw: string): Map<string, string> | undefined {
  try {
    return decodeQuery(raw);
  } catch (err) {
    if (err instanceof URIError) return undefined;
    throw err;
  }
}
