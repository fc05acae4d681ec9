import type { SaeModel } from './model.js';
import { businessError, ok, type Reply } from './replies.js';

/** SAE's five operations as the fake serves them, keyed by path. */

export interface RouteState {
  model: SaeModel;
  /** Change orders created per app: a 2 means the app was stopped twice. */
  stopRequests: Map<string, number>;
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

function startStop(c: RouteCall, appIds: string[], type: 'CoStop' | 'CoBatchStopApplication'): Reply {
  const refused = refuseStop(c, appIds);
  if (refused) return refused;
  for (const id of appIds) c.state.stopRequests.set(id, (c.state.stopRequests.get(id) ?? 0) + 1);
  return ok(c.requestId, { ChangeOrderId: c.state.model.startOrder(appIds, type) });
}

const stopApplication: Route = {
  method: 'PUT',
  operation: 'StopApplication',
  handle(c) {
    const appId = c.query.get('AppId');
    return appId ? startStop(c, [appId], 'CoStop') : missing(c, 'AppId');
  },
};

const batchStopApplications: Route = {
  method: 'PUT',
  operation: 'BatchStopApplications',
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
    return startStop(c, appIds, 'CoBatchStopApplication');
  },
};

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
    const all = [...c.state.model.apps.values()].filter(
      (a) => (!ns || a.namespaceId === ns) && (!name || a.appName.includes(name)),
    );
    const rows = all.slice((page - 1) * size, page * size).map((a) => c.state.model.summary(a));
    return ok(c.requestId, { CurrentPage: page, PageSize: size, TotalSize: all.length, Applications: rows });
  },
};

export const ROUTES: ReadonlyMap<string, Route> = new Map([
  ['/pop/v1/sam/app/stopApplication', stopApplication],
  ['/pop/v1/sam/app/batchStopApplications', batchStopApplications],
  ['/pop/v1/sam/changeorder/DescribeChangeOrder', describeChangeOrder],
  ['/pop/v1/sam/app/describeApplicationStatus', describeApplicationStatus],
  ['/pop/v1/sam/app/listApplications', listApplications],
]);
