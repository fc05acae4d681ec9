import type { z } from 'zod';
import type { ProviderError } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { HttpRequest, HttpResponse, HttpSend } from '../http.js';
import type { CallRecord, StopMode } from '../types.js';
import { badResponse, errorFromResponse, errorFromTransport, type Operation } from './errors.js';
import { encodeRfc3986, formatSdkDate, type QueryMap, sign } from './signer.js';
import {
  batchStopSchema,
  type JobInfo,
  jobSchema,
  type ServerDetail,
  type ServerPage,
  serverListSchema,
  toJobInfo,
  toServerDetail,
} from './wire.js';

export const STOP_BATCH_LIMIT = 1000;
export const DETAIL_IDS_LIMIT = 100;
export const LIST_PAGE_LIMIT = 1000;

/** Paging for ListServersDetails: `marker` (last ID of the previous page) or `offset` (page number ≥ 1). */
export interface Paging {
  limit?: number;
  marker?: string;
  offset?: number;
}

/** The ECS calls the bot makes, typed. Every call is signed just before it is sent. */
export interface HuaweiClient {
  batchStop(ids: readonly string[], type: StopMode): Promise<{ jobId: string }>;
  /** BatchStartServers (`os-start`, no type), ≤1000 IDs. */
  batchStart(ids: readonly string[]): Promise<{ jobId: string }>;
  showJob(jobId: string): Promise<JobInfo>;
  listDetailsByIds(ids: readonly string[]): Promise<ServerDetail[]>;
  listByName(name: string, paging?: Paging): Promise<ServerPage>;
  listAll(paging?: Paging): Promise<ServerPage>;
  /** ListServersDetails `tags=` (servers whose tags contain this `key=value`), paged by marker. */
  listByTag(tag: string, paging?: Paging): Promise<ServerPage>;
}

/** Long-lived keys, or temporary ones with their security token. */
export interface HuaweiCredentials {
  ak: string;
  sk: string;
  securityToken?: string;
}

export interface HuaweiClientOptions {
  /** Scheme, host and optional port; no path. */
  endpoint: string;
  projectId: string;
  credentials: HuaweiCredentials;
  send: HttpSend;
  clock: Clock;
  /** Wall-clock time for X-Sdk-Date. */
  now: () => Date;
  observe?: (call: CallRecord) => void;
}

function queryString(query: QueryMap): string {
  const parts: string[] = [];
  for (const [name, raw] of Object.entries(query)) {
    for (const value of typeof raw === 'string' ? [raw] : raw) {
      parts.push(`${encodeRfc3986(name)}=${encodeRfc3986(value)}`);
    }
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function pagingQuery(paging: Paging): Record<string, string> {
  const q: Record<string, string> = { limit: String(paging.limit ?? LIST_PAGE_LIMIT) };
  if (paging.marker !== undefined) q['marker'] = paging.marker;
  if (paging.offset !== undefined) q['offset'] = String(paging.offset);
  return q;
}

export function createHuaweiClient(options: HuaweiClientOptions): HuaweiClient {
  const base = new URL(options.endpoint);
  const origin = base.origin;
  const host = base.host;
  const prefix = `/v1/${options.projectId}`;

  /** Builds and signs the request immediately before it is sent (X-Sdk-Date is checked to 15 min). */
  function signed(req: Omit<HttpRequest, 'headers'>, path: string, query: QueryMap): HttpRequest {
    const token = options.credentials.securityToken;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'X-Project-Id': options.projectId,
      // Temporary credentials: the token is sent and signed with the request.
      ...(token ? { 'X-Security-Token': token } : {}),
    };
    const sdkDate = formatSdkDate(options.now());
    const { authorization } = sign({
      method: req.method,
      host,
      path,
      query,
      headers,
      body: req.body ?? null,
      ak: options.credentials.ak,
      sk: options.credentials.sk,
      sdkDate,
    });
    return {
      ...req,
      headers: { ...headers, Host: host, 'X-Sdk-Date': sdkDate, Authorization: authorization },
    };
  }

  async function call<S extends z.ZodType>(
    op: Operation,
    method: 'GET' | 'POST',
    path: string,
    query: QueryMap,
    schema: S,
    body?: unknown,
  ): Promise<z.infer<S>> {
    const started = options.clock.now();
    const report = (ok: boolean, code?: string, requestId?: string) =>
      options.observe?.({ operation: op, ok, code, requestId, ms: options.clock.now() - started });
    const fail = (err: ProviderError): never => {
      report(false, err.providerCode, err.requestId);
      throw err;
    };
    const url = `${origin}${path.split('/').map(encodeRfc3986).join('/')}${queryString(query)}`;
    const text = body === undefined ? undefined : JSON.stringify(body);
    const req = signed({ method, url, body: text }, path, query);
    let res: HttpResponse;
    try {
      res = await options.send(req);
    } catch (err) {
      return fail(errorFromTransport(op, err));
    }
    if (res.status < 200 || res.status >= 300) return fail(errorFromResponse(op, res));
    let json: unknown;
    try {
      json = JSON.parse(res.body);
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      return fail(badResponse(op, res, 'not JSON'));
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      // ShowJob documents `code`/`message` at top level when the query itself failed.
      if (op === 'ShowJob' && json && typeof json === 'object' && 'code' in json) {
        return fail(errorFromResponse(op, { ...res, status: 400 }));
      }
      return fail(badResponse(op, res, `${parsed.error.issues.length} schema issue(s)`));
    }
    report(true, undefined, res.headers['x-request-id']);
    return parsed.data;
  }

  const listServers = async (query: Record<string, string>): Promise<ServerPage> => {
    const data = await call(
      'ListServersDetails',
      'GET',
      `${prefix}/cloudservers/detail`,
      query,
      serverListSchema,
    );
    return { servers: data.servers.map(toServerDetail), count: data.count ?? null };
  };

  return {
    async batchStop(ids, type) {
      if (ids.length === 0 || ids.length > STOP_BATCH_LIMIT) {
        throw new RangeError(`batchStop takes 1..${STOP_BATCH_LIMIT} ids`);
      }
      const body = { 'os-stop': { type, servers: ids.map((id) => ({ id })) } };
      const data = await call(
        'BatchStopServers',
        'POST',
        `${prefix}/cloudservers/action`,
        {},
        batchStopSchema,
        body,
      );
      return { jobId: data.job_id };
    },
    async batchStart(ids) {
      if (ids.length === 0 || ids.length > STOP_BATCH_LIMIT) {
        throw new RangeError(`batchStart takes 1..${STOP_BATCH_LIMIT} ids`);
      }
      const body = { 'os-start': { servers: ids.map((id) => ({ id })) } };
      const data = await call(
        'BatchStartServers',
        'POST',
        `${prefix}/cloudservers/action`,
        {},
        batchStopSchema,
        body,
      );
      return { jobId: data.job_id };
    },
    async showJob(jobId) {
      const data = await call('ShowJob', 'GET', `${prefix}/jobs/${jobId}`, {}, jobSchema);
      return toJobInfo(data, jobId);
    },
    async listDetailsByIds(ids) {
      if (ids.length === 0) return [];
      if (ids.length > DETAIL_IDS_LIMIT)
        throw new RangeError(`listDetailsByIds takes at most ${DETAIL_IDS_LIMIT} ids`);
      const page = await listServers({ server_id: ids.join(','), limit: String(DETAIL_IDS_LIMIT) });
      return page.servers;
    },
    listByName: (name, paging = {}) => listServers({ name, ...pagingQuery(paging) }),
    listAll: (paging = {}) => listServers(pagingQuery(paging)),
    listByTag: (tag, paging = {}) => listServers({ tags: tag, ...pagingQuery(paging) }),
  };
}
