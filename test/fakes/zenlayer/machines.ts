/** The fake cloud's instances: RUNNING → STOPPING → STOPPED → BOOTING → RUNNING, advanced lazily on read. */
export interface FakeMachineSeed {
  id: string;
  name: string;
  /** Any bmc instanceStatus; default RUNNING. */
  status?: string;
  /** The cloud refuses to stop this one (403 OPERATION_DENIED_INSTANCE_STATUS). */
  failStop?: boolean;
  /** The cloud refuses to start this one (403 OPERATION_DENIED_INSTANCE_STATUS). */
  failStart?: boolean;
  /** Tags as `dataSet[].tags.tags[{key,value}]`. */
  tags?: Record<string, string>;
}

interface FakeMachine {
  id: string;
  name: string;
  status: string;
  failStop: boolean;
  failStart: boolean;
  tags: Record<string, string>;
  /** When the current STOPPING or BOOTING began. */
  stoppingSince?: number;
}

export class MachineStore {
  private readonly byId = new Map<string, FakeMachine>();
  private readonly byName = new Map<string, FakeMachine[]>();
  stopDelayMs: number;
  private readonly now: () => number;

  constructor(seeds: readonly FakeMachineSeed[], stopDelayMs: number, now: () => number) {
    this.stopDelayMs = stopDelayMs;
    this.now = now;
    for (const s of seeds) {
      const m: FakeMachine = {
        id: s.id,
        name: s.name,
        status: s.status ?? 'RUNNING',
        failStop: s.failStop ?? false,
        failStart: s.failStart ?? false,
        tags: { ...(s.tags ?? {}) },
      };
      this.byId.set(m.id, m);
      const list = this.byName.get(m.name);
      if (list) list.push(m);
      else this.byName.set(m.name, [m]);
    }
  }

  private settle(m: FakeMachine): FakeMachine {
    const moving = m.status === 'STOPPING' || m.status === 'BOOTING';
    if (moving && m.stoppingSince !== undefined && this.now() - m.stoppingSince >= this.stopDelayMs) {
      m.status = m.status === 'STOPPING' ? 'STOPPED' : 'RUNNING';
      m.stoppingSince = undefined;
    }
    return m;
  }

  get(id: string): FakeMachine | undefined {
    const m = this.byId.get(id);
    return m && this.settle(m);
  }

  /** Instances in creation order, optionally by exact name (cheap) or a name prefix (`web-*`). */
  list(name?: string): FakeMachine[] {
    let out: FakeMachine[];
    if (name === undefined) out = [...this.byId.values()];
    else if (name.endsWith('*'))
      out = [...this.byId.values()].filter((m) => m.name.startsWith(name.slice(0, -1)));
    else out = this.byName.get(name) ?? [];
    return out.map((m) => this.settle(m));
  }

  beginStop(id: string): void {
    const m = this.byId.get(id);
    if (!m) return;
    m.status = 'STOPPING';
    m.stoppingSince = this.now();
    this.settle(m);
  }

  beginStart(id: string): void {
    const m = this.byId.get(id);
    if (!m) return;
    m.status = 'BOOTING';
    m.stoppingSince = this.now();
    this.settle(m);
  }

  /** Test control: e.g. someone powers a machine on again. */
  setStatus(id: string, status: string): void {
    const m = this.byId.get(id);
    if (m) {
      m.status = status;
      m.stoppingSince = undefined;
    }
  }
}
