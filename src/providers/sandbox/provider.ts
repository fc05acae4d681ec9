import type { SandboxConfig } from '../../config/schema.js';
import { isProviderError, ProviderError } from '../../errors.js';
import { chunk } from '../../lib/chunk.js';
import type { Clock } from '../../lib/clock.js';
import { defaultRetryPolicy, type RetryPolicy, withRetry } from '../retry.js';
import { tagCollector } from '../tags.js';
import type {
  AmbiguousRef,
  CallObserver,
  Capabilities,
  Machine,
  Provider,
  ProviderName,
  ResolveResult,
  TargetReport,
} from '../types.js';
import { createSandboxCloud, type SandboxCloudView } from './cloud.js';
import type { SandboxFaults } from './faults.js';
import { notFound, refused, refusedStart, toMachine, toReport } from './report.js';

export interface SandboxProviderOptions {
  /** The configured name (`sandbox`, `lab`); the cloud's own name by default. */
  name?: ProviderName;
  /** `modes` may be left out (SOFT only), as in config. */
  config: Omit<SandboxConfig, 'modes'> & { modes?: SandboxConfig['modes'] };
  clock: Clock;
  observe?: CallObserver;
  /** Played before every simulated API call (e.g. throttling); none by default. */
  faults?: SandboxFaults;
  retry?: RetryPolicy;
  /** Random source for retry jitter, in [0, 1). */
  random?: () => number;
}

export interface SandboxProvider extends Provider {
  /** The simulated cloud, read-only (stop requests per machine, status, call counts). */
  readonly simulated: SandboxCloudView;
}

/** The built-in simulated cloud: machines from config, state private to this instance. */
export function createSandboxProvider(options: SandboxProviderOptions): SandboxProvider {
  const { clock, observe, faults } = options;
  const name = options.name ?? 'sandbox';
  const cloud = createSandboxCloud(options.config, clock);
  // Tags come from config; one Describe of every machine is filtered here (cheap: they live in memory).
  const capabilities: Capabilities = {
    modes: options.config.modes ?? ['SOFT'],
    batchLimit: 1000,
    tags: 'client',
  };
  const retry = { policy: options.retry ?? defaultRetryPolicy, clock, random: options.random };

  /** One simulated API call: counted, fault hook, observed, retried when retryable. */
  const call = <T>(operation: string, fn: () => T): Promise<T> =>
    withRetry(async () => {
      const started = clock.now();
      try {
        cloud.receive(operation);
        faults?.beforeCall(operation);
        const result = fn();
        observe?.(name, { operation, ok: true, ms: clock.now() - started });
        return result;
      } catch (err) {
        const code = isProviderError(err) ? err.providerCode : undefined;
        observe?.(name, { operation, ok: false, code, ms: clock.now() - started });
        throw err;
      }
    }, retry);

  const describe = (machines: readonly Machine[]): Promise<TargetReport[]> =>
    call('Describe', () => machines.map((m) => toReport(m.id, cloud.get(m.id))));

  return {
    name,
    cloud: 'sandbox',
    capabilities,
    simulated: cloud,
    // No credentials to check; one Describe keeps the sandbox's faults and metrics honest.
    probe: () => call('Describe', () => undefined),

    resolve: (refs) =>
      call('Describe', (): ResolveResult => {
        const found = new Map<string, Machine>();
        const unknown: string[] = [];
        const ambiguous: AmbiguousRef[] = [];
        for (const ref of new Set(refs)) {
          const byId = cloud.get(ref);
          const matches = byId ? [byId] : cloud.byName(ref);
          const only = matches.length === 1 ? matches[0] : undefined;
          if (only) {
            if (!found.has(only.id)) found.set(only.id, toMachine(only));
          } else if (matches.length > 1) ambiguous.push({ ref, matches: matches.map(toMachine) });
          else unknown.push(ref);
        }
        return { found: [...found.values()], unknown, ambiguous };
      }),

    stop: async (machines, mode) => {
      if (!capabilities.modes.includes(mode)) {
        throw new ProviderError({
          provider: 'sandbox',
          providerCode: 'UnsupportedMode',
          message: `sandbox: stop mode ${mode} is not offered; use ${capabilities.modes.join(' or ')}`,
          retryable: false,
        });
      }
      const ids = [...new Set(machines.map((m) => m.id))];
      const reports: TargetReport[] = [];
      for (const batch of chunk(ids, capabilities.batchLimit)) {
        const outcomes = await call('Stop', () => cloud.stop(batch));
        for (const [id, outcome] of outcomes) {
          const status = cloud.statusOf(id) ?? 'UNKNOWN';
          if (outcome === 'not_found') reports.push(notFound(id));
          else if (outcome === 'refused') reports.push(refused(id, status));
          else if (status === 'STOPPED') reports.push({ id, state: 'stopped', status });
        }
      }
      return { reports, tracking: { op: 'stop' } };
    },

    start: async (machines) => {
      const ids = [...new Set(machines.map((m) => m.id))];
      const reports: TargetReport[] = [];
      for (const batch of chunk(ids, capabilities.batchLimit)) {
        const outcomes = await call('Start', () => cloud.start(batch));
        for (const [id, outcome] of outcomes) {
          const status = cloud.statusOf(id) ?? 'UNKNOWN';
          if (outcome === 'not_found') reports.push(notFound(id));
          else if (outcome === 'refused') reports.push(refusedStart(id, status));
          else if (status === 'RUNNING') reports.push({ id, state: 'running', status });
        }
      }
      return { reports, tracking: { op: 'start' } };
    },

    track: async (machines, tracking) => ({ reports: await describe(machines), tracking }),

    status: (machines) => describe(machines),

    findByTags: (filters, max) =>
      call('Describe', () => {
        const found = tagCollector('sandbox', filters, max);
        found.add(cloud.all().map(toMachine));
        return found.result(true);
      }),

    suggest: (prefix, max) => call('Describe', () => cloud.search(prefix.toLowerCase(), max).map(toMachine)),
  };
}
