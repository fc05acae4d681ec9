import { describe, expect, it } from 'vitest';
import { toReport } from '../../src/providers/zenlayer/mapping.js';

describe('Zenlayer statuses while a start is tracked', () => {
  const at = (instanceStatus: string) => ({ instanceId: 'i-1', instanceName: 'bm-1', instanceStatus });

  it('reads BOOTING as starting for a start or a status read, and as a failure while a stop is tracked', () => {
    expect(toReport('i-1', at('BOOTING'), 'start').state).toBe('starting');
    expect(toReport('i-1', at('BOOTING'), 'status').state).toBe('starting');
    expect(toReport('i-1', at('BOOTING'), 'stop').state).toBe('failed');
  });

  it('ends a start at RUNNING, keeps STOPPED in flight, and fails one going down again', () => {
    expect(toReport('i-1', at('RUNNING'), 'start').state).toBe('running');
    expect(toReport('i-1', at('STOPPED'), 'start').state).toBe('stopped');
    const down = toReport('i-1', at('STOPPING'), 'start');
    expect(down.state).toBe('failed');
    expect(down.reason).toContain('STOPPING');
    expect(toReport('i-1', at('STOPPING'), 'stop').state).toBe('stopping');
    expect(toReport('i-1', undefined, 'start')).toMatchObject({
      state: 'failed',
      code: 'INVALID_INSTANCE_NOT_FOUND',
    });
  });
});
