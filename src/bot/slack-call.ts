import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';

/**
 * Run one Slack Web API call; failures are logged and counted, never thrown
 * and never posted back to Slack (no error loops). Returns undefined on failure.
 */
export async function slackCall<T>(
  deps: { logger: Logger; metrics: Metrics },
  method: string,
  fn: () => Promise<T>,
  context: Record<string, unknown> = {},
): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    const e = err as { code?: string; data?: { error?: string }; statusCode?: number };
    const code = e.data?.error ?? (e.statusCode ? `http_${e.statusCode}` : (e.code ?? 'error'));
    deps.metrics.slackErrors.inc({ method, code });
    deps.logger.warn({ ...context, method, code }, 'Slack API call failed');
    return undefined;
  }
}

/**
 * How a listener answers one person: an ephemeral message through the payload's
 * response_url (never replacing the message that held a clicked button).
 */
export function ephemeralReply(
  deps: { logger: Logger; metrics: Metrics },
  respond: (message: {
    response_type: 'ephemeral';
    replace_original: false;
    text: string;
  }) => Promise<unknown>,
): (text: string) => Promise<void> {
  return async (text) => {
    await slackCall(deps, 'response_url', () =>
      respond({ response_type: 'ephemeral', replace_original: false, text }),
    );
  };
}
