import type { IncomingMessage } from 'node:http';
import {
  type BatchSemantics,
  describeInstances,
  errorReply,
  type Reply,
  type StopCounters,
  startInstances,
  stopInstances,
} from './actions.js';
import type { MachineStore } from './machines.js';

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

export interface DispatchContext {
  store: MachineStore;
  counters: StopCounters;
  strictIds?: boolean;
  batchSemantics?: BatchSemantics;
}

/** Run one signed, unfaulted request: X-ZC-Action picks the action, the body is its JSON parameters. */
export function dispatch(ctx: DispatchContext, action: string, body: Buffer, rid: string): Reply {
  let params: unknown;
  try {
    params = JSON.parse(body.toString('utf8'));
  } catch (err) {
    return errorReply(400, rid, 'INVALID_PARAMETER', `body is not JSON (${(err as Error).name})`);
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    return errorReply(400, rid, 'INVALID_PARAMETER', 'body must be a JSON object');
  }
  const p = params as Record<string, unknown>;
  if (action === 'StopInstances') return stopInstances(ctx.store, p, rid, ctx.counters, ctx.batchSemantics);
  if (action === 'StartInstances') return startInstances(ctx.store, p, rid, ctx.counters, ctx.batchSemantics);
  if (action === 'DescribeInstances') return describeInstances(ctx.store, p, rid, ctx.strictIds);
  return errorReply(400, rid, 'INVALID_ACTION', `unknown action ${action}`);
}
