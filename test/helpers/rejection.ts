import { isProviderError, type ProviderError } from '../../src/errors.js';

/** The ProviderError `p` rejects with; throws when it resolves or rejects with anything else. */
export async function rejection(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isProviderError(err)) throw new Error(`expected a ProviderError, got ${String(err)}`);
  return err;
}
