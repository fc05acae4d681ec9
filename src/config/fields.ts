import { z } from 'zod';
import { parseDuration, writeDuration } from './duration.js';

/** A duration written as text ("5s", "15m") or a number of milliseconds; limits shown as people write them. */
export const duration = (min: number, max: number) =>
  z.unknown().transform((value, ctx) => {
    const ms =
      typeof value === 'number' ? value : typeof value === 'string' ? parseDuration(value) : undefined;
    if (ms === undefined || !Number.isFinite(ms)) {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(value)} is not a duration; write e.g. 500ms, 5s, 15m or 1h`,
      });
      return z.NEVER;
    }
    if (ms < min || ms > max) {
      ctx.addIssue({
        code: 'custom',
        message: `must be between ${writeDuration(min)} and ${writeDuration(max)} (got ${writeDuration(ms)})`,
      });
      return z.NEVER;
    }
    return ms;
  });

export const userOrGroupId = z
  .string()
  .regex(/^[UWS][A-Z0-9]{2,}$/, 'must be a Slack user ID (U…/W…) or user-group ID (S…)');
export const channelId = z
  .string()
  .regex(/^[CGD][A-Z0-9]{2,}$/, 'must be a Slack channel ID such as C0123ABCD');
export const endpoint = z
  .string()
  .url('must be a URL such as https://host:port')
  .refine((u) => /^https?:\/\/[^/]+\/?$/.test(u), 'must be scheme, host and port only, with no path')
  .transform((u) => u.replace(/\/$/, ''));
export const id = z.string().min(1).max(128);
export const region = (example: string) =>
  z.string().regex(/^[a-z]{2,}(-[a-z0-9]+)+$/, `must be a region ID such as ${example}`);
