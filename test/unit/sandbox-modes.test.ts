import { describe, expect, it } from 'vitest';
import { sandboxSchema } from '../../src/config/clouds.js';
import { systemClock } from '../../src/lib/clock.js';
import { createSandboxProvider } from '../../src/providers/sandbox/provider.js';

const machines = [{ id: 'vm-1', name: 'web-1' }];

describe('sandbox `modes`', () => {
  it('defaults to SOFT only; [SOFT, HARD] offers both and stops with HARD', async () => {
    const soft = sandboxSchema.parse({ machines });
    expect(soft.modes).toEqual(['SOFT']);
    expect(createSandboxProvider({ config: soft, clock: systemClock }).capabilities.modes).toEqual(['SOFT']);
    const both = sandboxSchema.parse({ machines, modes: ['SOFT', 'HARD'], stopDelay: 0 });
    const provider = createSandboxProvider({ config: both, clock: systemClock });
    expect(provider.capabilities.modes).toEqual(['SOFT', 'HARD']);
    // HARD is accepted (a SOFT-only sandbox throws UnsupportedMode).
    const result = await provider.stop(
      [{ id: 'vm-1', name: 'web-1', status: 'RUNNING', stopped: false }],
      'HARD',
    );
    expect(result.reports.filter((r) => r.state === 'failed')).toEqual([]);
    await expect(
      createSandboxProvider({ config: soft, clock: systemClock }).stop(
        [{ id: 'vm-1', name: 'web-1', status: 'RUNNING', stopped: false }],
        'HARD',
      ),
    ).rejects.toThrow(/HARD is not offered/);
  });

  it('is strict: unknown modes, duplicates, an empty list are refused', () => {
    for (const modes of [['SOFT', 'SOFT'], [], ['OFF'], 'HARD'])
      expect(sandboxSchema.safeParse({ machines, modes }).success, JSON.stringify(modes)).toBe(false);
  });
});
