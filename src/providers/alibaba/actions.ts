import type { Operation } from '../types.js';
import { type AppStatus, isAppRunning, isAppStopped } from './mapping.js';
import {
  batchStartApplications,
  batchStopApplications,
  startApplication,
  stopApplication,
} from './operations.js';
import type { RoaClient } from './roa-client.js';

/** What differs between a stop and a start: the calls, the end state, the change order types. */
export interface Action {
  op: Operation;
  one(client: RoaClient, appId: string): Promise<string>;
  batch(client: RoaClient, namespaceId: string, appIds: readonly string[]): Promise<string>;
  done(s: AppStatus): boolean;
  /** CoTypeCodes of this action's change orders (the batch start code is not confirmed). */
  orders: ReadonlySet<string>;
}

export const STOP_ACTION: Action = {
  op: 'stop',
  one: stopApplication,
  batch: batchStopApplications,
  done: isAppStopped,
  orders: new Set(['CoStop', 'CoBatchStopApplication']),
};

export const START_ACTION: Action = {
  op: 'start',
  one: startApplication,
  batch: batchStartApplications,
  done: isAppRunning,
  orders: new Set(['CoStart', 'CoBatchStartApplication']),
};
