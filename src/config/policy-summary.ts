import { writeDuration } from './duration.js';
import type { FileConfig } from './schema.js';

/** The effective access policy, for the startup log line: who may ask, where, who approves, for how long. */
export function policySummary(config: Pick<FileConfig, 'approvals' | 'requesters' | 'channels'>): {
  fields: Record<string, unknown>;
  text: string;
} {
  const requesters = config.requesters ?? 'anyone';
  const channels = config.channels ?? 'any channel';
  const expiresIn = writeDuration(config.approvals.expiresIn);
  const list = (v: string | readonly string[]) => (typeof v === 'string' ? v : v.join(', '));
  return {
    fields: {
      requesters,
      channels,
      approvers: config.approvals.approvers,
      selfApproval: config.approvals.selfApproval,
      expiresIn,
    },
    text:
      `policy: may ask: ${list(requesters)}; in: ${list(channels)}; ` +
      `may approve: ${list(config.approvals.approvers)}; ` +
      `self-approval: ${config.approvals.selfApproval ? 'allowed' : 'not allowed'}; requests expire after ${expiresIn}`,
  };
}
