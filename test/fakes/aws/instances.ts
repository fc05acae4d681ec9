/** The fake's instances, with EC2's states and how long a stop takes. */
export type Ec2State = 'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated';

export const STATE_CODE: Record<Ec2State, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export interface FakeInstance {
  id: string;
  name?: string;
  /** Tags other than Name. */
  tags?: Record<string, string>;
  state: Ec2State;
  /** Stop protection (DisableApiStop): StopInstances is refused. */
  disableApiStop?: boolean;
  /** When a stop was asked for, the time it reaches `stopped`. */
  stoppedAt?: number;
  /** StartInstances is refused with InsufficientInstanceCapacity while it is stopped. */
  failStart?: boolean;
  /** When a start was asked for, the time it reaches `running`. */
  runningAt?: number;
}

/** The state now: `stopping` turns into `stopped` (a started `pending` into `running`) when its time has come. */
export function currentState(i: FakeInstance, now: number): Ec2State {
  if (i.state === 'stopping' && i.stoppedAt !== undefined && now >= i.stoppedAt) i.state = 'stopped';
  if (i.state === 'pending' && i.runningAt !== undefined && now >= i.runningAt) i.state = 'running';
  return i.state;
}

const stateXml = (tag: string, s: Ec2State) =>
  `<${tag}><code>${STATE_CODE[s]}</code><name>${s}</name></${tag}>`;

export function instanceXml(i: FakeInstance, state: Ec2State, esc: (s: string) => string): string {
  const all = { ...i.tags, ...(i.name === undefined ? {} : { Name: i.name }) };
  const items = Object.entries(all).map(
    ([k, v]) => `<item><key>${esc(k)}</key><value>${esc(v)}</value></item>`,
  );
  const tags = items.length === 0 ? '<tagSet/>' : `<tagSet>${items.join('')}</tagSet>`;
  return `<item><instanceId>${i.id}</instanceId><imageId>ami-12c6146b</imageId>${stateXml('instanceState', state)}<instanceType>t3.micro</instanceType>${tags}</item>`;
}

export function stateChangeXml(id: string, current: Ec2State, previous: Ec2State): string {
  return `<item><instanceId>${id}</instanceId>${stateXml('currentState', current)}${stateXml('previousState', previous)}</item>`;
}
