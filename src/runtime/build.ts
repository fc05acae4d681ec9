import { createPolicy } from '../approvals/policy.js';
import { newRequestId } from '../approvals/request-id.js';
import { registerActions } from '../bot/actions.js';
import { registerCommands } from '../bot/commands.js';
import { createSlackGroupDirectory } from '../bot/group-directory.js';
import { registerHome } from '../bot/home/register.js';
import { createHttpServer, type Route } from '../bot/http/server.js';
import { registerModal } from '../bot/modal/register.js';
import { createSlackNotifier } from '../bot/notify.js';
import { createPermalinks } from '../bot/permalink.js';
import { createSlackApp } from '../bot/slack-app.js';
import { credentialEnvNames } from '../config/credentials.js';
import type { Config } from '../config/load-config.js';
import { policySummary } from '../config/policy-summary.js';
import type { CallRecord, ProviderName } from '../domain/types.js';
import { type Clock, systemClock } from '../lib/clock.js';
import { currentRequestId } from '../lib/request-context.js';
import { cachedCheck, healthz, metricsRoute, readyz } from '../observability/health.js';
import type { Logger } from '../observability/logger.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import { createProviders } from '../providers/registry.js';
import type { RetryPolicy } from '../providers/retry.js';
import { createWorkflow } from '../workflow/workflow.js';
import { createCredentialChecks } from './credential-checks.js';
import { startReconciler } from './reconciler.js';
import { createSlackPosting } from './slack-posting.js';
import { checkBotToken, socketModeStarter } from './slack-startup.js';
import { createState } from './state.js';
import { useBaselineWasmCompiler } from './wasm-baseline.js';

export interface Seams {
  logger: Logger;
  clock?: Clock;
  metrics?: Metrics;
  newId?: () => string;
  retry?: RetryPolicy;
  /** How often each provider's credentials are checked again (default 5 minutes). */
  credentialCheckEveryMs?: number;
  /** false: no credentials checks at all (tests whose seeded cloud faults must not see an extra call). */
  checkCredentials?: boolean;
  /** How long /readyz reuses Slack's last auth.test answer (default 10 s). */
  slackReadyCacheMs?: number;
  /** Test knobs for BullMQ (short locks so a dead worker's job moves fast). */
  jobTuning?: { lockDurationMs?: number; stalledIntervalMs?: number };
}

export interface Stopbot {
  /** Listen (HTTP mode: Slack events + health; Socket Mode: health only) and take jobs. */
  start(): Promise<{ port: number }>;
  /** Graceful: stop taking new work, finish the work in hand, close connections. */
  stop(): Promise<void>;
  /** Settles once every provider answered the first credentials check after start (it never blocks start). */
  credentialsChecked(): Promise<void>;
  metrics: Metrics;
}

/** Each provider's own approvers, where it lists them. */
function providerApprovers(config: Config): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const [name, settings] of Object.entries(config.providers)) {
    if (settings.approvers) out[name] = settings.approvers;
  }
  return out;
}

/** The composition root: everything stopbot is, built from one Config. */
export async function buildStopbot(config: Config, seams: Seams): Promise<Stopbot> {
  useBaselineWasmCompiler();
  const clock = seams.clock ?? systemClock;
  const logger = seams.logger;
  const metrics = seams.metrics ?? createMetrics();
  const { store, jobs, mode, limiterFor, limiterRedis, closeExtras } = await createState(config, {
    clock,
    logger,
    jobTuning: seams.jobTuning,
  });
  const observe = (provider: ProviderName, call: CallRecord) => {
    metrics.observeCall(provider, call);
    // One line per cloud call; the stopbot request ID comes from the request context (logger mixin).
    logger.info(
      {
        provider,
        operation: call.operation,
        ok: call.ok,
        code: call.ok ? 'ok' : (call.code ?? 'error'),
        ms: Math.round(call.ms),
        providerRequestId: call.requestId,
      },
      'provider call',
    );
    const requestId = currentRequestId();
    if (!requestId) return;
    store
      .appendAudit(requestId, { at: clock.now(), type: 'provider_call', detail: { provider, ...call } })
      .catch((err: unknown) => logger.warn({ requestId, err: String(err) }, 'audit write failed'));
  };
  const registry = await createProviders(config, { clock, observe, retry: seams.retry, limiterFor });
  const {
    app,
    receiver,
    close: closeSlack,
  } = createSlackApp({
    botToken: config.slack.botToken,
    signingSecret: config.slack.signingSecret,
    appToken: config.slack.appToken,
    apiUrl: config.slack.apiUrl,
    timeoutMs: config.slack.timeout,
    retries: config.slack.retries,
    logger,
    metrics,
    now: clock.now,
  });
  const client = app.client;
  const directory = createSlackGroupDirectory(client, config.approvals.groupCacheTtl, clock.now, clock.sleep);
  const policy = createPolicy(
    {
      ...config.approvals,
      providerApprovers: providerApprovers(config),
      requesters: config.requesters,
      channels: config.channels,
    },
    directory,
  );
  // One Slack budget for every replica (bot/pacing), shared through Redis when configured.
  const slack = createSlackPosting({ client, limiterRedis, config, clock, logger, metrics });
  const permalink = createPermalinks({ client, logger, metrics });
  const notifier = createSlackNotifier({
    slack,
    logger,
    metrics,
    incidentChannel: config.incidentChannel,
    now: clock.now,
    permalink,
  });
  const workflow = createWorkflow({
    store,
    providers: registry.providers,
    jobs,
    notifier,
    clock,
    logger,
    metrics,
    settings: {
      pollIntervalMs: config.tracking.pollInterval,
      timeoutMs: config.tracking.timeout,
      progressEveryMs: config.slack.progressEvery,
      summaryLeaseMs: config.jobs.summaryLease,
    },
  });
  const deps = {
    client,
    slack,
    store,
    policy,
    providers: registry.providers,
    workflow,
    notifier,
    clock,
    logger,
    metrics,
    newId: seams.newId ?? (() => newRequestId()),
    settings: {
      maxTargets: config.limits.maxTargets,
      maxTagMatches: config.limits.maxTagMatches,
      expiresInMs: config.approvals.expiresIn,
      notify: config.approvals.notify,
    },
    permalink,
  };
  registerActions(app, deps);
  registerModal(app, deps);
  registerHome(app, deps);
  const commandWork = registerCommands(app, deps);

  const credentials = createCredentialChecks({
    providers: registry.providers,
    envNames: credentialEnvNames(config.providers),
    logger,
    metrics,
    everyMs: seams.credentialCheckEveryMs ?? 5 * 60_000,
  });
  const slackReady = cachedCheck(
    async () => (await client.auth.test()).ok === true,
    seams.slackReadyCacheMs ?? 10_000,
    clock.now,
  );
  const routes: Route[] = [
    { method: 'GET', path: '/healthz', handler: healthz },
    {
      method: 'GET',
      path: '/readyz',
      handler: readyz([
        { name: 'slack', check: slackReady },
        ...(mode === 'redis' ? [{ name: 'redis', check: () => store.ping() }] : []),
        ...credentials.readiness(),
      ]),
    },
    {
      method: 'GET',
      path: '/metrics',
      handler: metricsRoute(metrics, async () => {
        const c = await jobs.counts();
        metrics.jobs.set({ state: 'waiting' }, c.waiting);
        metrics.jobs.set({ state: 'active' }, c.active);
        metrics.jobs.set({ state: 'delayed' }, c.delayed);
      }),
    },
  ];
  if (receiver) routes.push({ method: 'POST', path: '/slack/events', handler: receiver.handle });
  const http = createHttpServer(routes, logger);
  const reconciler = startReconciler(workflow, logger, config.jobs.reconcileEvery);
  const socket = socketModeStarter(app, logger);

  return {
    metrics,
    credentialsChecked: () => credentials.firstRound(),
    async start() {
      await checkBotToken(app, logger);
      await app.init();
      await jobs.start(workflow.handlers);
      await reconciler.start();
      const port = await http.start(config.port);
      if (!receiver) await socket.start();
      if (seams.checkCredentials !== false) credentials.start();
      const policy = policySummary(config);
      logger.info({ policy: policy.fields }, policy.text);
      logger.info(
        { port, slackMode: config.slack.mode, state: mode, providers: [...registry.providers.keys()] },
        'stopbot started',
      );
      return { port };
    },
    async stop() {
      credentials.stop();
      await http.stop();
      await commandWork.drain();
      if (!receiver) await socket.stop();
      await reconciler.stop();
      await jobs.close();
      await registry.close();
      await closeSlack();
      await store.close();
      await closeExtras();
      logger.info('stopbot stopped');
    },
  };
}
