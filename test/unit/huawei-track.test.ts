import { describe, expect, it } from 'vitest';
import type { TargetReport, TrackingState } from '../../src/providers/types.js';
import { huaweiServerId as sid } from '../contracts/fixtures/huawei.js';
import { ecsError } from '../fakes/huawei/responses.js';
import { startHuaweiRig } from '../fakes/huawei/rig.js';
import type { FakeServerSeed } from '../fakes/huawei/state.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { rejection } from '../helpers/rejection.js';

/**
 * How a tracking round reads a job and the servers' status (huawei.md §3–§4): the status has
 * the last word, a finished job's failures count only where the status does not contradict
 * them, and only the servers asked about are read and reported. The fake's clock is moved by
 * hand, so each round sees exactly the moment it names.
 */
const open = closeAfterEach(startHuaweiRig);

const running = (i: number): FakeServerSeed => ({ id: sid(i), name: `srv-${i}`, state: 'running' });
const off = (i: number): FakeServerSeed => ({ id: sid(i), name: `srv-${i}`, state: 'stopped' });
const stopped = (i: number): TargetReport => ({ id: sid(i), state: 'stopped', status: 'SHUTOFF' });
const nothingLeft = { jobs: [], byStatus: [], failures: [] };
const busy = 'The ECS status does not meet requirements for this operation.';

async function openAt(servers: FakeServerSeed[], stopDelayMs: number) {
  const start = Date.now();
  let now = start;
  const rig = await open({ servers, stopDelayMs, now: () => now });
  const { found } = await rig.provider.resolve(servers.map((s) => s.id));
  const at = (ms: number) => {
    now = start + ms;
  };
  return { ...rig, found, at };
}

describe('Huawei tracking: what a finished job says, against the status', () => {
  it('a job still INIT without sub_jobs is waited on without status reads; failed as a whole, it fails the servers still ACTIVE with its own code and reason', async () => {
    const w = await openAt([running(0), off(1)], 100);
    w.fake.state.initMs = 1000;
    w.fake.state.wholeJobFailure = { code: 'Ecs.1001', reason: 'Nova call timed out.' };
    const res = await w.provider.stop(w.found, 'SOFT');
    expect(res.reports).toEqual([]);
    const reads = w.fake.calls('ListServersDetails');
    w.at(500);
    expect(await w.provider.track(w.found, res.tracking)).toEqual({ reports: [], tracking: res.tracking });
    expect(w.fake.calls('ListServersDetails')).toBe(reads);
    w.at(1000);
    const round = await w.provider.track(w.found, res.tracking);
    expect(round.reports).toEqual([
      { id: sid(0), state: 'failed', status: 'ACTIVE', code: 'Ecs.1001', reason: 'Nova call timed out.' },
      // Already SHUTOFF: stopped, whatever the job said.
      stopped(1),
    ]);
    expect(round.tracking).toEqual(nothingLeft);
    expect(w.fake.isRunning(sid(0))).toBe(true);
  });

  it('a server whose stop succeeded but that someone is starting again (SHUTOFF, powering-on) is neither stopped nor failed: followed by status', async () => {
    const w = await openAt([running(0), running(1)], 100);
    const res = await w.provider.stop(w.found, 'SOFT');
    w.at(100);
    expect(w.fake.isStopped(sid(0))).toBe(true);
    w.fake.state.start([sid(0)]); // someone else, from the console
    w.at(150);
    const round = await w.provider.track(w.found, res.tracking);
    expect(round.reports).toEqual([
      { id: sid(0), state: 'starting', status: 'SHUTOFF (powering-on)' },
      stopped(1),
    ]);
    expect(round.tracking).toEqual({ jobs: [], byStatus: [sid(0)], failures: [] });
  });

  it('a stop refused because the server was already powering off is not failed while it powers off; the refusal is kept and reported once it is idle and still ACTIVE', async () => {
    // Someone else's stop first; the guest will ignore it (its attempt ends 50 ms later).
    const w = await openAt([{ ...running(0), failStop: true }], 100);
    w.fake.state.stop([sid(0)], 'SOFT');
    w.at(10);
    const res = await w.provider.stop(w.found, 'SOFT');
    expect(res.reports).toEqual([]);
    w.at(20);
    const first = await w.provider.track(w.found, res.tracking);
    const refusal = { id: sid(0), code: 'Ecs.0100', reason: busy };
    expect(first).toEqual({
      reports: [{ id: sid(0), state: 'stopping', status: 'ACTIVE (powering-off)' }],
      tracking: { jobs: [], byStatus: [sid(0)], failures: [refusal] },
    });
    w.at(60);
    expect(await w.provider.track(w.found, first.tracking)).toEqual({
      reports: [{ id: sid(0), state: 'failed', status: 'ACTIVE', code: 'Ecs.0100', reason: busy }],
      tracking: nothingLeft,
    });
  });

  it('a start refused because the server was already powering on is followed, not failed, and ends running', async () => {
    const w = await openAt([off(0)], 1000);
    w.fake.state.start([sid(0)]); // someone else's start, still under way
    w.at(10);
    const res = await w.provider.start(w.found);
    w.at(20);
    const first = await w.provider.track(w.found, res.tracking);
    expect(first).toEqual({
      reports: [{ id: sid(0), state: 'starting', status: 'SHUTOFF (powering-on)' }],
      tracking: {
        op: 'start',
        jobs: [],
        byStatus: [sid(0)],
        failures: [{ id: sid(0), code: 'Ecs.0100', reason: busy }],
      },
    });
    w.at(1000);
    expect(await w.provider.track(w.found, first.tracking)).toEqual({
      reports: [{ id: sid(0), state: 'running', status: 'ACTIVE' }],
      tracking: { op: 'start', ...nothingLeft },
    });
  });
});

describe('Huawei tracking: a job that cannot be read', () => {
  it('ShowJob refused for another reason (IAM denies it) fails the round: no status read stands in for the job', async () => {
    const w = await openAt([running(0)], 60_000);
    const res = await w.provider.stop(w.found, 'SOFT');
    const reads = w.fake.calls('ListServersDetails');
    w.fake.faults.script({
      operation: 'ShowJob',
      when: 'before',
      kind: ecsError(403, 'Pdp.0001', 'Policy does not allow ecs:cloudServers:showJob to be performed.'),
    });
    const err = await rejection(w.provider.track(w.found, res.tracking));
    expect(err).toMatchObject({ providerCode: 'Pdp.0001', httpStatus: 403 });
    expect(w.fake.calls('ListServersDetails')).toBe(reads);
  });

  it('a job whose record is gone with a 404 (whatever the body) hands its servers to the status check', async () => {
    const w = await openAt([running(0), running(1)], 100);
    const res = await w.provider.stop(w.found, 'SOFT');
    w.at(100);
    w.fake.faults.script({
      operation: 'ShowJob',
      when: 'before',
      kind: { status: 404, body: '<html><body>404 Not Found</body></html>', contentType: 'text/html' },
    });
    expect(await w.provider.track(w.found, res.tracking)).toEqual({
      reports: [stopped(0), stopped(1)],
      tracking: nothingLeft,
    });
    expect(w.calls.find((c) => c.operation === 'ShowJob')).toMatchObject({ ok: false, code: 'HTTP_404' });
  });
});

describe('Huawei tracking: which servers a round reads', () => {
  it('servers no longer asked about are neither read nor reported, and a job covering only them is not read', async () => {
    const w = await openAt([running(0), running(1), running(2), running(3)], 100);
    const both = await w.provider.stop([w.found[0]!, w.found[1]!], 'SOFT');
    const other = await w.provider.stop([w.found[2]!], 'SOFT');
    const jobs = (s: TrackingState) => (s as { jobs: unknown[] }).jobs;
    const state = {
      jobs: [...jobs(both.tracking), ...jobs(other.tracking)],
      byStatus: [sid(3)],
      failures: [],
    };
    w.at(100);
    const showJobs = w.fake.calls('ShowJob');
    expect(await w.provider.track([w.found[0]!], state)).toEqual({
      reports: [stopped(0)],
      tracking: nothingLeft,
    });
    expect(w.fake.calls('ShowJob')).toBe(showJobs + 1);
  });

  it('a server the state does not mention (foreign or lost state) is judged by its status', async () => {
    const w = await openAt([running(0)], 100);
    expect(await w.provider.track(w.found, { unconfirmed: [] })).toEqual({
      reports: [{ id: sid(0), state: 'running', status: 'ACTIVE' }],
      tracking: { jobs: [], byStatus: [sid(0)], failures: [] },
    });
  });

  it('a job that SUCCEEDED says nothing failed: a server it does not list is judged by its status alone', async () => {
    const w = await openAt([running(0), running(1)], 100);
    const res = await w.provider.stop([w.found[0]!], 'SOFT');
    const [job] = (res.tracking as { jobs: { jobId: string }[] }).jobs;
    w.at(100);
    const state = { jobs: [{ jobId: job!.jobId, ids: [sid(0), sid(1)] }], byStatus: [], failures: [] };
    expect(await w.provider.track(w.found, state)).toEqual({
      reports: [stopped(0), { id: sid(1), state: 'running', status: 'ACTIVE' }],
      tracking: { jobs: [], byStatus: [sid(1)], failures: [] },
    });
  });

  it('a server followed by status (one attempt) and by a running job (another) is still read by status', async () => {
    const w = await openAt([running(0)], 60_000);
    const res = await w.provider.stop(w.found, 'SOFT');
    const job = (res.tracking as { jobs: unknown[] }).jobs;
    w.at(10);
    expect(await w.provider.track(w.found, { jobs: job, byStatus: [sid(0)], failures: [] })).toEqual({
      reports: [{ id: sid(0), state: 'stopping', status: 'ACTIVE (powering-off)' }],
      tracking: { jobs: job, byStatus: [sid(0)], failures: [] },
    });
  });
});
