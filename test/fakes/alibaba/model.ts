import type { Clock } from '../../../src/lib/clock.js';

/** The fake SAE's apps and change orders. Time moves lazily: state is worked out when read. */

export interface FakeAppSeed {
  appId: string;
  appName: string;
  namespaceId: string;
  state: 'running' | 'stopped';
  instances?: number;
  /** Its stop change order ends Status 3 with an ErrorMessage; the app keeps running. */
  failStop?: boolean;
  /** Never deployed: StopApplication answers Application.NotDeployYet. */
  notDeployed?: boolean;
  /** Its start change order ends Status 3 with an ErrorMessage; the app stays stopped. */
  failStart?: boolean;
  /** Tags as SAE returns them on ListApplications (`Tags[{Key,Value}]`). */
  tags?: Record<string, string>;
  /** A change order from before the test (someone's deploy, say): the app's last one, as given. */
  lastOrder?: PriorOrder;
}

/** A change order that keeps the Status it is given (it does not change the app). */
export interface PriorOrder {
  coTypeCode: string;
  /** DescribeChangeOrder's Status: 2 done, 3 failed, 6 aborted, 10 system failure, 8/11 waiting, … */
  status: number;
  /** Left out of DescribeChangeOrder when not given. */
  errorMessage?: string;
  /** DescribeApplicationStatus no longer names it (LastChangeOrderId empty, as SAE does for an expired order). */
  expired?: boolean;
}

/**
 * How DescribeApplicationStatus sets LastChangeOrderRunning. SAE documents it as "whether the
 * last change order is being executed"; whether an order still preparing (0) or waiting (8, 9,
 * 11, 12) counts is not documented. 'not-ended' (default): every order not yet ended (not 2, 3,
 * 6, 10); 'executing': only an order at Status 1.
 */
export type RunningFlag = 'not-ended' | 'executing';

interface FakeApp extends Required<Omit<FakeAppSeed, 'lastOrder'>> {
  stopped: boolean;
  /** Until then a stopped app's instances still run (STOPPED with RunningInstances > 0). */
  drainUntil?: number;
  lastOrderId?: string;
  /** The order still in flight for this app, until it ends. */
  openOrderId?: string;
}

/** How the next change orders behave instead of running to the end. */
export type OrderHold = 8 | 11 | 'stuck';

interface FakeOrder {
  id: string;
  coTypeCode: string;
  appIds: string[];
  createdAt: number;
  hold?: OrderHold;
  failing: string[];
  /** A prior order's fixed Status (seeded, never moves). */
  fixed?: OrderStatus;
}

interface OrderStatus {
  Status: number;
  SubStatus: number;
  ErrorMessage?: string;
}

type OwnCoType = 'CoStop' | 'CoBatchStopApplication' | 'CoStart' | 'CoBatchStartApplication';

export interface OrderView {
  ChangeOrderId: string;
  AppId: string;
  CoTypeCode: string;
  Status: number;
  SubStatus: number;
  /** Left out (as SAE may) for a seeded order given no message. */
  ErrorMessage?: string;
  CreateTime: string;
  Pipelines: unknown[];
}

const TERMINAL = new Set([2, 3, 6, 10]);
const isStart = (o: FakeOrder): boolean =>
  o.coTypeCode === 'CoStart' || o.coTypeCode === 'CoBatchStartApplication';
const WORDS: Record<number, string> = {
  0: 'READY',
  1: 'RUNNING',
  2: 'SUCCESS',
  3: 'FAIL',
  6: 'ABORT',
  8: 'WAIT_BATCH_CONFIRM',
  9: 'AUTO_BATCH_WAIT',
  10: 'SYSTEM_FAIL',
  11: 'WAIT_APPROVAL',
  12: 'APPROVED',
};

export class SaeModel {
  readonly apps = new Map<string, FakeApp>();
  private readonly orders = new Map<string, FakeOrder>();
  private readonly holds: OrderHold[] = [];
  /** Orders DescribeApplicationStatus no longer names. */
  private readonly expired = new Set<string>();
  /** Orders SAE no longer keeps: DescribeChangeOrder does not find them either. */
  private readonly forgotten = new Set<string>();
  private orderSeq = 0;

  constructor(
    seeds: readonly FakeAppSeed[],
    private readonly clock: Clock,
    private readonly stopDelayMs: number,
    private readonly runningFlag: RunningFlag = 'not-ended',
    /** After a stop order ends, how long the app's instances still run while it reads STOPPED. */
    private readonly drainMs = 0,
  ) {
    for (const { lastOrder, ...s } of seeds) {
      const app: FakeApp = {
        instances: 2,
        failStop: false,
        notDeployed: false,
        ...s,
        failStart: s.failStart ?? false,
        tags: s.tags ?? {},
        stopped: s.state === 'stopped',
      };
      this.apps.set(s.appId, app);
      if (lastOrder) this.seedOrder(app, lastOrder);
    }
  }

  private seedOrder(app: FakeApp, prior: PriorOrder): void {
    const id = this.nextOrderId();
    const fixed: OrderStatus = { Status: prior.status, SubStatus: 0, ErrorMessage: prior.errorMessage };
    const createdAt = this.clock.now() - 3_600_000;
    this.orders.set(id, {
      id,
      coTypeCode: prior.coTypeCode,
      appIds: [app.appId],
      createdAt,
      failing: [],
      fixed,
    });
    app.lastOrderId = id;
    if (!TERMINAL.has(prior.status)) app.openOrderId = id;
    if (prior.expired) this.expired.add(id);
  }

  private nextOrderId(): string {
    this.orderSeq += 1;
    return `c0de0000-0000-4000-8000-${this.orderSeq.toString(16).padStart(12, '0')}`;
  }

  holdNextOrder(hold: OrderHold): void {
    this.holds.push(hold);
  }

  private status(o: FakeOrder): OrderStatus {
    if (o.fixed) return o.fixed;
    if (o.hold === 'stuck')
      return { Status: 1, SubStatus: 1, ErrorMessage: 'instance error during execution' };
    if (o.hold !== undefined) return { Status: o.hold, SubStatus: 0, ErrorMessage: '' };
    const elapsed = this.clock.now() - o.createdAt;
    if (elapsed < this.stopDelayMs)
      return { Status: elapsed < this.stopDelayMs / 4 ? 0 : 1, SubStatus: 0, ErrorMessage: '' };
    if (o.failing.length > 0) {
      return {
        Status: 3,
        SubStatus: 0,
        ErrorMessage: `instances of ${o.failing.join(',')} failed to ${isStart(o) ? 'start' : 'stop'} (simulated)`,
      };
    }
    return { Status: 2, SubStatus: 0, ErrorMessage: 'success' };
  }

  /** Applies an ended order to the app, once. */
  private settle(app: FakeApp): FakeApp {
    const order = app.openOrderId ? this.orders.get(app.openOrderId) : undefined;
    if (order && TERMINAL.has(this.status(order).Status)) {
      if (!order.fixed && !order.failing.includes(app.appId)) {
        app.stopped = !isStart(order);
        if (app.stopped) app.drainUntil = order.createdAt + this.stopDelayMs + this.drainMs;
      }
      app.openOrderId = undefined;
    }
    return app;
  }

  get(appId: string): FakeApp | undefined {
    const app = this.apps.get(appId);
    return app && this.settle(app);
  }

  isStopped(appId: string): boolean {
    return this.get(appId)?.stopped ?? false;
  }

  /** Starts one change order for apps already checked by the caller. */
  startOrder(appIds: string[], coTypeCode: OwnCoType): string {
    const id = this.nextOrderId();
    const start = coTypeCode === 'CoStart' || coTypeCode === 'CoBatchStartApplication';
    const failing = appIds.filter((a) => (start ? this.apps.get(a)?.failStart : this.apps.get(a)?.failStop));
    this.orders.set(id, {
      id,
      coTypeCode,
      appIds,
      createdAt: this.clock.now(),
      hold: this.holds.shift(),
      failing,
    });
    for (const a of appIds) {
      const app = this.apps.get(a);
      if (app) Object.assign(app, { lastOrderId: id, openOrderId: id });
    }
    return id;
  }

  /** The app's last change order (SAE's LastChangeOrderId, as if it never expired). */
  lastOrderOf(appId: string): string | undefined {
    return this.apps.get(appId)?.lastOrderId;
  }

  /** The order expires: DescribeChangeOrder no longer finds it, the app's status no longer names it. */
  forgetOrder(id: string): void {
    this.forgotten.add(id);
    this.expired.add(id);
  }

  /** Instances still running: none once stopped, unless they are still draining. */
  private runningInstances(app: FakeApp): number {
    if (!app.stopped) return app.instances;
    return this.clock.now() < (app.drainUntil ?? 0) ? app.instances : 0;
  }

  describeOrder(id: string): OrderView | undefined {
    const o = this.orders.get(id);
    if (!o || this.forgotten.has(id)) return undefined;
    const when = new Date(o.createdAt).toISOString().replace('T', ' ').slice(0, 19);
    return {
      ChangeOrderId: id,
      AppId: o.appIds[0] ?? '',
      CoTypeCode: o.coTypeCode,
      ...this.status(o),
      CreateTime: when,
      Pipelines: [],
    };
  }

  /** DescribeApplicationStatus `Data`. */
  appStatus(app: FakeApp): Record<string, unknown> {
    this.settle(app);
    const open = app.openOrderId ? this.orders.get(app.openOrderId) : undefined;
    const last = app.lastOrderId ? this.orders.get(app.lastOrderId) : undefined;
    const lastStatus = last ? this.status(last).Status : undefined;
    const running =
      open !== undefined && (this.runningFlag === 'not-ended' || this.status(open).Status === 1);
    const shownId = app.lastOrderId && !this.expired.has(app.lastOrderId) ? app.lastOrderId : '';
    return {
      AppId: app.appId,
      CurrentStatus: app.stopped ? 'STOPPED' : 'RUNNING',
      RunningInstances: this.runningInstances(app),
      LastChangeOrderId: shownId,
      LastChangeOrderRunning: running,
      LastChangeOrderStatus: lastStatus === undefined ? '' : (WORDS[lastStatus] ?? String(lastStatus)),
      SubStatus: 'NORMAL',
    };
  }

  /** ListApplications row. */
  summary(app: FakeApp): Record<string, unknown> {
    this.settle(app);
    const running = this.runningInstances(app);
    const ns = app.namespaceId;
    const regionId = ns.split(':')[0];
    return {
      AppId: app.appId,
      AppName: app.appName,
      NamespaceId: ns,
      RegionId: regionId,
      Instances: app.instances,
      RunningInstances: running,
      Tags: Object.entries(app.tags).map(([Key, Value]) => ({ Key, Value })),
    };
  }
}
