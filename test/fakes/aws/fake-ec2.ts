import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { currentState, type FakeInstance, instanceXml, stateChangeXml } from './instances.js';
import { checkSigV4, type SigV4Keys } from './sigv4-check.js';
import { filtersOf, listParam, readBody, sendError, sendXml, xmlEscape } from './wire.js';

export const FAKE_KEYS: SigV4Keys = {
  accessKeyId: 'TESTFAKEEC2TESTKEY00',
  secretAccessKey: 'fake-ec2-secret-not-real',
};
const ID_RE = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
/** Stands in for the encoded authorization message real EC2 appends; it must never reach people. */
export const ENCODED_MESSAGE_MARK = 'ENCODEDxAUTHxMSG';

/** A filter value as EC2 reads it: `*` any run, `?` one character, `\` makes the next literal. */
function wildcard(value: string): RegExp {
  let re = '';
  for (let k = 0; k < value.length; k++) {
    const c = value[k] ?? '';
    if (c === '\\' && k + 1 < value.length) re += (value[++k] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

export interface FakeEc2Options {
  instances: FakeInstance[];
  region?: string;
  /** From StopInstances to `stopped` (and from StartInstances to `running`). */
  stopDelayMs?: number;
  keys?: SigV4Keys;
  now?: () => number;
  /** Every answer is an error whose message echoes the request's headers (as some gateways do). */
  echoHeaders?: boolean;
}

/**
 * A small EC2 speaking the Query/XML wire format, for what moto does not do as
 * EC2 does: a `stopping` phase, IncorrectInstanceState, Malformed IDs,
 * UnauthorizedOperation, throttling, a reset or a 500 after acting (or a 500 before), and SigV4 checking.
 * Every refusal is all-or-nothing, as EC2 documents for its batch calls.
 */
export class FakeEc2 {
  readonly instances = new Map<string, FakeInstance>();
  private readonly counts = new Map<string, number>();
  private readonly stops = new Map<string, number>();
  private readonly starts = new Map<string, number>();
  readonly forceFlags: boolean[] = [];
  private throttle = { n: 0, action: '' };
  private readonly resets = new Map<string, number>();
  private readonly denied = new Set<string>();
  private readonly drops = new Map<string, number>();
  private readonly serverErrors = new Map<string, { n: number; acted: boolean }>();
  expired = false;
  server!: Server;
  url = '';

  constructor(private readonly options: FakeEc2Options) {
    for (const i of options.instances) this.instances.set(i.id, { ...i });
  }

  private now = () => (this.options.now ?? Date.now)();
  calls = (action?: string): number =>
    action ? (this.counts.get(action) ?? 0) : [...this.counts.values()].reduce((a, b) => a + b, 0);
  stopRequestsFor = (id: string): number => this.stops.get(id) ?? 0;
  startRequestsFor = (id: string): number => this.starts.get(id) ?? 0;
  stateOf = (id: string) => {
    const i = this.instances.get(id);
    return i ? currentState(i, this.now()) : undefined;
  };
  throttleNext(n: number, action = ''): void {
    this.throttle = { n, action };
  }
  resetAfterActing(action: string, n: number): void {
    this.resets.set(action, n);
  }
  /** The next `n` calls of `action` are dropped unanswered (connection reset) without acting. */
  dropNext(action: string, n: number): void {
    this.drops.set(action, n);
  }
  /**
   * The next `n` calls of `action` get a 500 InternalError, EC2's server error: after acting
   * (`acted`, the change is made and the answer lost) or before it (nothing changes).
   */
  serverErrorNext(action: string, n: number, acted: boolean): void {
    this.serverErrors.set(action, { n, acted });
  }
  deny(action: string): void {
    this.denied.add(action);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void (async () => {
        const body = await readBody(req);
        const form = new URLSearchParams(body);
        const action = form.get('Action') ?? '';
        this.counts.set(action, (this.counts.get(action) ?? 0) + 1);
        if (this.options.echoHeaders)
          return sendError(
            res,
            400,
            'InvalidParameterValue',
            `Bad request. Headers: ${JSON.stringify(req.headers)}`,
          );
        const bad = checkSigV4(
          req.method ?? 'POST',
          req.url ?? '/',
          req.headers,
          body,
          this.options.keys ?? FAKE_KEYS,
          this.options.region ?? 'us-east-1',
        );
        if (bad)
          return sendError(
            res,
            401,
            'AuthFailure',
            `AWS was not able to validate the provided access credentials (${bad})`,
          );
        if (this.expired) return sendError(res, 400, 'RequestExpired', 'Request has expired.');
        if (this.throttle.n > 0 && (!this.throttle.action || this.throttle.action === action)) {
          this.throttle.n--;
          return sendError(res, 503, 'RequestLimitExceeded', 'Request limit exceeded.');
        }
        const drop = this.drops.get(action) ?? 0;
        if (drop > 0) {
          this.drops.set(action, drop - 1);
          req.socket.destroy();
          return;
        }
        if (this.denied.has(action)) {
          return sendError(
            res,
            403,
            'UnauthorizedOperation',
            `You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/stopbot is not authorized to perform: ec2:${action}. Encoded authorization failure message: ${ENCODED_MESSAGE_MARK}${'Qx7'.repeat(40)}`,
          );
        }
        const fault = this.serverErrors.get(action);
        if (fault && fault.n > 0) {
          fault.n--;
          if (fault.acted) this.dispatch(action, form);
          return sendError(res, 500, 'InternalError', 'An internal error has occurred.');
        }
        const answer = this.dispatch(action, form);
        const left = this.resets.get(action) ?? 0;
        if (left > 0) {
          this.resets.set(action, left - 1);
          req.socket.destroy();
          return;
        }
        if ('error' in answer) return sendError(res, answer.status, answer.error, answer.message);
        sendXml(res, action, answer.xml);
      })();
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private dispatch(
    action: string,
    form: URLSearchParams,
  ): { xml: string } | { error: string; message: string; status: number } {
    if (action === 'DescribeInstances') return this.describe(form);
    if (action === 'StopInstances') return this.stop(form);
    if (action === 'StartInstances') return this.startInstances(form);
    return {
      status: 400,
      error: 'InvalidAction',
      message: `The action ${action} is not valid for this web service.`,
    };
  }

  private checkIds(ids: string[]): { error: string; message: string; status: number } | undefined {
    const malformed = ids.filter((id) => !ID_RE.test(id));
    if (malformed.length > 0)
      return {
        status: 400,
        error: 'InvalidInstanceID.Malformed',
        message: `Invalid id: "${malformed.join(', ')}"`,
      };
    const missing = ids.filter((id) => !this.instances.has(id));
    if (missing.length === 1)
      return {
        status: 400,
        error: 'InvalidInstanceID.NotFound',
        message: `The instance ID '${missing[0]}' does not exist`,
      };
    if (missing.length > 1)
      return {
        status: 400,
        error: 'InvalidInstanceID.NotFound',
        message: `The instance IDs '${missing.join(', ')}' do not exist`,
      };
    return undefined;
  }

  private describe(form: URLSearchParams) {
    const ids = listParam(form, 'InstanceId');
    const max = form.get('MaxResults');
    if (ids.length > 0 && max)
      return {
        status: 400,
        error: 'InvalidParameterCombination',
        message: 'The parameter instancesSet cannot be used with the parameter maxResults',
      };
    const idError = ids.length > 0 ? this.checkIds(ids) : undefined;
    if (idError) return idError;
    let list =
      ids.length > 0 ? ids.map((id) => this.instances.get(id) as FakeInstance) : [...this.instances.values()];
    for (const f of filtersOf(form)) {
      const tagsOf = (i: FakeInstance): Record<string, string> => ({
        ...i.tags,
        ...(i.name === undefined ? {} : { Name: i.name }),
      });
      // The values a filter is matched against (any of them may match).
      const values = (i: FakeInstance): string[] => {
        if (f.name === 'instance-id') return [i.id];
        if (f.name === 'instance-state-name') return [currentState(i, this.now())];
        if (f.name === 'tag-key') return Object.keys(tagsOf(i));
        const v = tagsOf(i)[f.name.slice('tag:'.length)];
        return v === undefined ? [] : [v];
      };
      if (!['instance-id', 'instance-state-name', 'tag-key'].includes(f.name) && !f.name.startsWith('tag:'))
        return { status: 400, error: 'InvalidParameterValue', message: `The filter '${f.name}' is invalid` };
      if (f.values.length > 200)
        return {
          status: 400,
          error: 'FilterLimitExceeded',
          message: 'The maximum number of filter values specified on a single call is 200',
        };
      const patterns = f.values.map(wildcard);
      list = list.filter((i) => values(i).some((v) => patterns.some((re) => re.test(v))));
    }
    const start = Number(form.get('NextToken') ?? 0);
    const size = max ? Number(max) : list.length;
    const page = list.slice(start, start + size);
    const next = start + size < list.length ? `<nextToken>${start + size}</nextToken>` : '';
    const items = page
      .map(
        (i, k) =>
          `<item><reservationId>r-${(start + k).toString(16).padStart(17, '0')}</reservationId><ownerId>123456789012</ownerId><instancesSet>${instanceXml(i, currentState(i, this.now()), xmlEscape)}</instancesSet></item>`,
      )
      .join('');
    return { xml: `<reservationSet>${items}</reservationSet>${next}` };
  }

  /** The IDs a StopInstances/StartInstances names, each counted in `counts`; or EC2's error for a missing or bad list. */
  private namedIds(form: URLSearchParams, counts: Map<string, number>) {
    const ids = listParam(form, 'InstanceId');
    if (ids.length === 0)
      return {
        status: 400,
        error: 'MissingParameter',
        message: 'The request must contain the parameter InstanceId',
      };
    const idError = this.checkIds(ids);
    if (idError) return idError;
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    return ids;
  }

  private stop(form: URLSearchParams) {
    const ids = this.namedIds(form, this.stops);
    if (!Array.isArray(ids)) return ids;
    this.forceFlags.push(form.get('Force') === 'true');
    const now = this.now();
    const all = ids.map((id) => this.instances.get(id) as FakeInstance);
    for (const i of all) {
      const s = currentState(i, now);
      if (s === 'pending')
        return {
          status: 400,
          error: 'IncorrectInstanceState',
          message: `Instance '${i.id}' cannot be stopped as it has never reached the 'running' state.`,
        };
      if (s === 'terminated' || s === 'shutting-down')
        return {
          status: 400,
          error: 'IncorrectInstanceState',
          message: `This instance '${i.id}' is not in a state from which it can be stopped.`,
        };
      if (i.disableApiStop)
        return {
          status: 400,
          error: 'OperationNotPermitted',
          message: `The instance '${i.id}' may not be stopped. Modify its 'disableApiStop' instance attribute and try again.`,
        };
    }
    const items = all.map((i) => {
      const previous = currentState(i, now);
      if (previous === 'running') {
        i.state = 'stopping';
        i.stoppedAt = now + (this.options.stopDelayMs ?? 0);
      }
      return stateChangeXml(i.id, currentState(i, now), previous);
    });
    return { xml: `<instancesSet>${items.join('')}</instancesSet>` };
  }

  /** StartInstances, all or nothing: stopped → pending → running; running or pending is left as it is. */
  private startInstances(form: URLSearchParams) {
    const ids = this.namedIds(form, this.starts);
    if (!Array.isArray(ids)) return ids;
    const now = this.now();
    const all = ids.map((id) => this.instances.get(id) as FakeInstance);
    for (const i of all) {
      const s = currentState(i, now);
      if (s === 'stopping' || s === 'shutting-down' || s === 'terminated')
        return {
          status: 400,
          error: 'IncorrectInstanceState',
          message: `The instance '${i.id}' is not in a state from which it can be started.`,
        };
      if (i.failStart && s === 'stopped')
        return {
          status: 500,
          error: 'InsufficientInstanceCapacity',
          message:
            'We currently do not have sufficient t3.micro capacity in the Availability Zone you requested (us-east-1a). Our system will be working on provisioning additional capacity.',
        };
    }
    const items = all.map((i) => {
      const previous = currentState(i, now);
      if (previous === 'stopped') {
        i.state = 'pending';
        i.runningAt = now + (this.options.stopDelayMs ?? 0);
      }
      return stateChangeXml(i.id, currentState(i, now), previous);
    });
    return { xml: `<instancesSet>${items.join('')}</instancesSet>` };
  }
}

export async function startFakeEc2(options: FakeEc2Options): Promise<FakeEc2> {
  return new FakeEc2(options).start();
}
