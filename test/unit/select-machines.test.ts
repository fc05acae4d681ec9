import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/approvals/memory-store.js';
import { newRequest } from '../../src/approvals/new-request.js';
import { selectMachines } from '../../src/bot/select.js';
import { requestCard } from '../../src/bot/views/card.js';
import { tagList } from '../../src/bot/views/tag-selection.js';
import { matchesTags, tagsUnsupported } from '../../src/providers/tags.js';
import type { Machine, Provider, TagFilter } from '../../src/providers/types.js';

const m = (id: string, tags: Record<string, string>, stopped = false): Machine => ({
  id,
  name: `name-${id}`,
  status: stopped ? 'SHUTOFF' : 'ACTIVE',
  stopped,
  tags,
});

/** A provider over a fixed list that counts its calls (only the read calls are used here). */
function listProvider(machines: Machine[], tags: 'server' | 'client' | 'none' = 'server') {
  const calls: string[] = [];
  const unused = () => Promise.reject(new Error('not used'));
  const provider: Provider = {
    name: 'huawei',
    cloud: 'huawei',
    capabilities: { modes: ['SOFT'], batchLimit: 1000, tags },
    async resolve(refs) {
      calls.push('resolve');
      const found = machines.filter((x) => refs.includes(x.id) || refs.includes(x.name));
      const unknown = refs.filter((r) => !found.some((x) => x.id === r || x.name === r));
      return { found, unknown: [...unknown], ambiguous: [] };
    },
    async findByTags(filters: readonly TagFilter[], max: number) {
      calls.push('findByTags');
      if (tags === 'none') throw tagsUnsupported('huawei');
      const all = machines.filter((x) => matchesTags(x.tags, filters));
      const machinesSeen = all.slice(0, max + 1);
      return { machines: machinesSeen, total: machinesSeen.length, exact: all.length <= max };
    },
    stop: unused,
    start: unused,
    track: unused,
    status: unused,
    suggest: unused,
    probe: unused,
  };
  return { provider, calls };
}

const fleet = [
  m('i-1', { team: 'pay', env: 'stg' }),
  m('i-2', { team: 'pay', env: 'prd' }),
  m('i-3', { team: 'pay', env: 'stg' }, true),
  m('i-4', { team: 'search' }),
  m('i-5', {}),
];
const limits = { maxTargets: 100, maxTagMatches: 500 };

describe('selectMachines: the pre-flight shared by the command and the modal', () => {
  it('is the listed targets plus every machine carrying all the tags, duplicates dropped, listed first', async () => {
    const { provider } = listProvider(fleet);
    const r = await selectMachines(
      provider,
      { targets: ['i-5', 'name-i-1'], tags: [{ key: 'team', value: 'pay' }] },
      limits,
    );
    expect(r).toEqual({
      ok: true,
      machines: [fleet[0], fleet[4], fleet[1], fleet[2]],
      selection: { tags: [{ key: 'team', value: 'pay' }], matched: 3, alreadyStopped: 1 },
    });
  });

  it('without tags it is the resolved targets and no selection', async () => {
    const { provider, calls } = listProvider(fleet);
    expect(await selectMachines(provider, { targets: ['i-4'], tags: [] }, limits)).toEqual({
      ok: true,
      machines: [fleet[3]],
    });
    expect(calls).toEqual(['resolve']);
  });

  it('refuses a cloud without tags before any call, naming the cloud', async () => {
    const { provider, calls } = listProvider(fleet, 'none');
    const r = await selectMachines(provider, { targets: ['i-1'], tags: [{ key: 'env' }] }, limits);
    expect(r).toEqual({
      ok: false,
      field: 'tags',
      text: 'Huawei Cloud ECS has no tags to select machines by, so --tag cannot be used there; list the machines instead. Nothing was requested.',
    });
    expect(calls).toEqual([]);
  });

  it('answers a TagsUnsupported error from the cloud with the same refusal', async () => {
    const { provider } = listProvider(fleet, 'none');
    const lying = { ...provider, capabilities: { ...provider.capabilities, tags: 'client' as const } };
    const r = await selectMachines(lying, { targets: [], tags: [{ key: 'env' }] }, limits);
    expect(r).toMatchObject({ ok: false, text: expect.stringMatching(/^Huawei Cloud ECS has no tags/) });
  });

  it('refuses no match, naming the tags, and more than the cap, with the count', async () => {
    const { provider } = listProvider(fleet);
    expect(
      await selectMachines(provider, { targets: [], tags: [{ key: 'team', value: 'x' }] }, limits),
    ).toEqual({
      ok: false,
      field: 'tags',
      text: 'No machine on Huawei Cloud ECS carries `team=x`. Nothing was requested.',
    });
    const capped = await selectMachines(
      provider,
      { targets: [], tags: [{ key: 'team' }] },
      { ...limits, maxTagMatches: 2 },
    );
    expect(capped).toMatchObject({
      ok: false,
      text: expect.stringMatching(
        /^`team` matched at least 3 machines; a tag selection may match at most 2 machines\./,
      ),
    });
    const exact = await selectMachines(
      provider,
      { targets: [], tags: [{ key: 'team' }] },
      { ...limits, maxTagMatches: 4 },
    );
    expect(exact).toMatchObject({ ok: true });
    const union = await selectMachines(
      provider,
      { targets: ['i-5'], tags: [{ key: 'team' }] },
      { ...limits, maxTargets: 3 },
    );
    expect(union).toMatchObject({
      ok: false,
      text: expect.stringMatching(/selects 5 machines; one request holds at most 3/),
    });
  });

  it('keeps the selection with the request, in the store and on the card', async () => {
    const { provider } = listProvider(fleet);
    const r = await selectMachines(
      provider,
      { targets: [], tags: [{ key: 'env', value: 'stg' }, { key: 'team' }] },
      limits,
    );
    if (!r.ok) throw new Error(r.text);
    const request = newRequest({
      id: 'SR-0000000001',
      provider: 'huawei',
      modes: ['SOFT'],
      requester: 'U0BOB',
      channel: 'C0OPS',
      reason: '',
      machines: r.machines,
      now: 1,
      expiresInMs: 60_000,
      selection: r.selection,
    });
    expect(request.targets.map((x) => x.id)).toEqual(['i-1']);
    expect(request.skipped.map((x) => x.id)).toEqual(['i-3']);
    const store = createMemoryStore();
    expect(await store.createRequest(request)).toBe(true);
    expect((await store.getRequest(request.id))?.selection).toEqual({
      tags: [{ key: 'env', value: 'stg' }, { key: 'team' }],
      matched: 2,
      alreadyStopped: 1,
    });
    expect(JSON.stringify(requestCard(request).blocks)).toContain(
      '`env=stg` and `team` matched 2; 1 already stopped',
    );
  });
});

describe('tag lists written back', () => {
  it('summarise a long list instead of cutting a code span', () => {
    const tags = Array.from({ length: 20 }, (_, i) => ({
      key: `k${i}`.padEnd(100, 'k'),
      value: 'v'.repeat(200),
    }));
    const text = tagList(tags);
    expect(text.length).toBeLessThan(1200);
    expect(text).toMatch(/ and \d+ more tags$/);
    expect((text.match(/`/g) ?? []).length % 2).toBe(0);
    expect(tagList([{ key: 'a' }, { key: 'b', value: 'c' }, { key: 'd' }])).toBe('`a`, `b=c` and `d`');
  });
});
