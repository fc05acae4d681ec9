import { z } from 'zod';
import { ProviderError } from '../../errors.js';
import type { Operation, TrackingState } from '../types.js';

/**
 * What the Alibaba provider keeps between tracking rounds:
 * `{ op, orders: [{ changeOrderId, appIds }] }` (`op`: stop or start; absent = stop). A null changeOrderId means "no
 * change order to follow: confirm these apps by their own status" (after a stop
 * whose answer was lost, or once an order is over).
 */
const trackedOrderSchema = z.object({
  changeOrderId: z.string().min(1).nullable(),
  appIds: z.array(z.string().min(1)),
});
const trackingSchema = z.object({
  op: z.enum(['stop', 'start']).default('stop'),
  orders: z.array(trackedOrderSchema).default([]),
});

export type TrackedOrder = z.infer<typeof trackedOrderSchema>;

export function readTracking(state: TrackingState): TrackedOrder[] {
  return readState(state).orders;
}

export function readState(state: TrackingState): z.infer<typeof trackingSchema> {
  const parsed = trackingSchema.safeParse(state);
  if (parsed.success) return parsed.data;
  throw new ProviderError({
    provider: 'alibaba',
    providerCode: 'InvalidTrackingState',
    message: 'SAE tracking state is not in the expected shape {orders:[{changeOrderId, appIds}]}',
    retryable: false,
  });
}

export function writeTracking(orders: readonly TrackedOrder[], op: Operation = 'stop'): TrackingState {
  return {
    ...(op === 'start' ? { op } : {}),
    orders: orders.filter((o) => o.appIds.length > 0).map((o) => ({ ...o, appIds: [...o.appIds] })),
  };
}
