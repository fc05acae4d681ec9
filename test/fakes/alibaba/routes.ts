import type { SaeModel } from './model.js';
import { businessError, ok, type Reply } from './replies.js';

/** SAE's five operations as the fake serves them, keyed by path. */

export interface RouteState {
  model: SaeModel;
  /** Change orders created per app: a 2 means the app was stopped twice. */
  stopRequests: Map<string, number>;
  /** Start change orders created per app. */
  startRequests: Map<string, number>;
  /** Refuse a start naming a running app (Application.InvalidStatus). */
  refuseStartOfRunning: boolean;
  /** The next stop calls answer Application.ChangerOrderRunning. */
  busyNext: number;
}

export interface RouteCall {
  state: RouteState;
  query: Map<string, string>;
  requestId: string;
}

interface Route {
  method: 'GET' | 'PUT';
  operation: string;
  handle(call: RouteCall): Reply;
}

const missing = (c: RouteCall, name: string) =>
  businessError(c.requestId, 'InvalidParameter.NotEmpty', `The parameter ${name} cannot be empty.`);
const notFound = (c: RouteCall, id: string) =>
  businessError(c.requestId, 'InvalidApplication.NotFound', `The application ${id} does not exist.`);
const orderRunning = (c: RouteCall) =>
  businessError(
    c.requestId,
    'Application.ChangerOrderRunning',
    'An application change process is in progress. Please try again later.',
  );

/** Every app must exist, be deployed and be free of another change order; else the whole call is refused. */
function refuseStop(c: RouteCall, appIds: readonly string[]): Reply | undefined {
  if (c.state.busyNext > 0) {
    c.state.busyNext -= 1;
    return orderRunning(c);
  }
  for (const id of appIds) {
    const app = c.state.model.get(id);
    if (!app) return notFound(c, id);
    if (app.notDeployed)
      return businessError(
        c.requestId,
        'Application.NotDeployYet',
        `The application ${id} has not been deployed.`,
      );
    if (app.openOrderId) return orderRunning(c);
  }
  return undefined;
}

type CoType = 'CoStop' | 'CoBatchStopApplication' | 'CoStart' | 'CoBatchStartApplication';

function startStop(c: RouteCall, appIds: string[], type: CoType): Reply {
  const refused = refuseStop(c, appIds);
  if (refused) return refused;
  const starting = type === 'CoStart' || type === 'CoBatchStartApplication';
  if (
    starting &&
    c.state.refuseStartOfRunning &&
    appIds.some((id) => c.state.model.get(id)?.stopped === false)
  ) {
    return businessError(c.requestId, 'Application.InvalidStatus', 'The application status is abnormal.');
  }
  const counts = type.includes('Start') ? c.state.startRequests : c.state.stopRequests;
  for (const id of appIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  return ok(c.requestId, { ChangeOrderId: c.state.model.startOrder(appIds, type) });
}

const oneApplication = (verb: 'Stop' | 'Start'): Route => ({
  method: 'PUT',
  operation: `${verb}Application`,
  handle(c) {
    const appId = c.query.get('AppId');
    return appId ? startStop(c, [appId], verb === 'Stop' ? 'CoStop' : 'CoStart') : missing(c, 'AppId');
  },
});

const batchApplications = (verb: 'Stop' | 'Start'): Route => ({
  method: 'PUT',
  operation: `Batch${verb}Applications`,
  handle(c) {
    const ns = c.query.get('NamespaceId');
    if (!ns) return missing(c, 'NamespaceId');
    const appIds = (c.query.get('AppIds') ?? '').split(',').filter((s) => s !== '');
    // The real API may read a missing AppIds as "the whole namespace": the fake refuses it.
    if (appIds.length === 0) return missing(c, 'AppIds');
    const elsewhere = appIds.some((id) => {
      const app = c.state.model.get(id);
      return app !== undefined && app.namespaceId !== ns;
    });
    if (elsewhere) {
      return businessError(
        c.requestId,
        'Invalid.App.List.Not.Same.Namespace',
        'The applications are not in the same namespace.',
      );
    }
    return startStop(c, appIds, verb === 'Stop' ? 'CoBatchStopApplication' : 'CoBatchStartApplication');
  },
});

const describeChangeOrder: Route = {
  method: 'GET',
  operation: 'DescribeChangeOrder',
  handle(c) {
    const id = c.query.get('ChangeOrderId');
    if (!id) return missing(c, 'ChangeOrderId');
    const order = c.state.model.describeOrder(id);
    return order
      ? ok(c.requestId, order)
      : businessError(c.requestId, 'InvalidChangeOrder.NotFound', 'The change order does not exist.');
  },
};

const describeApplicationStatus: Route = {
  method: 'GET',
  operation: 'DescribeApplicationStatus',
  handle(c) {
    const id = c.query.get('AppId');
    if (!id) return missing(c, 'AppId');
    const app = c.state.model.get(id);
    if (!app) return notFound(c, id);
    return ok(c.requestId, c.state.model.appStatus(app));
  },
};

const listApplications: Route = {
  method: 'GET',
  operation: 'ListApplications',
  handle(c) {
    const page = Math.max(1, Number(c.query.get('CurrentPage') ?? '1') || 1);
    const size = Math.min(100, Math.max(1, Number(c.query.get('PageSize') ?? '20') || 20));
    const ns = c.query.get('NamespaceId');
    const name =
      c.query.get('AppName') ??
      (c.query.get('FieldType') === 'appName' ? c.query.get('FieldValue') : undefined);
    // Tags: a JSON string of [{key,value}] (lowercase); every pair must match here.
    let tags: { key?: unknown; value?: unknown }[] = [];
    const rawTags = c.query.get('Tags');
    if (rawTags !== undefined) {
      try {
        tags = JSON.parse(rawTags) as typeof tags;
      } catch (err) {
        if (!(err instanceof SyntaxError)) throw err;
        return businessError(c.requestId, 'InvalidParameter.Obviously', 'The parameter Tags is not JSON.');
      }
      if (!Array.isArray(tags) || tags.some((t) => typeof t?.key !== 'string'))
        return businessError(c.requestId, 'InvalidParameter.Obviously', 'The parameter Tags is invalid.');
    }
    const all = [...c.state.model.apps.values()].filter(
      (a) =>
        (!ns || a.namespaceId === ns) &&
        (!name || a.appName.includes(name)) &&
        tags.every((t) => a.tags[t.key as string] === t.value),
    );
    const rows = all.slice((page - 1) * size, page * size).map((a) => c.state.model.summary(a));
    return ok(c.requestId, { CurrentPage: page, PageSize: size, TotalSize: all.length, Applications: rows });
  },
};

export const ROUTES: ReadonlyMap<string, Route> = new Map([
  ['/pop/v1/sam/app/stopApplication', oneApplication('Stop')],
  ['/pop/v1/sam/app/batchStopApplications', batchApplications('Stop')],
  ['/pop/v1/sam/app/startApplication', oneApplication('Start')],
  ['/pop/v1/sam/app/batchStartApplications', batchApplications('Start')],
  ['/pop/v1/sam/changeorder/DescribeChangeOrder', describeChangeOrder],
  ['/pop/v1/sam/app/describeApplicationStatus', describeApplicationStatus],
  ['/pop/v1/sam/app/listApplications', listApplications],
]);
