import { ProviderError } from '../errors.js';

/**
 * Runs a provider's one cheap read call for `probe()`. A ProviderError whose
 * HTTP status is 401/403, or whose code is one of the cloud's own
 * credential codes, comes back marked `credentialsRefused`.
 */
export async function probeWith(
  call: () => Promise<unknown>,
  refusedCodes: ReadonlySet<string>,
): Promise<void> {
  try {
    await call();
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    const refused = err.httpStatus === 401 || err.httpStatus === 403 || refusedCodes.has(err.providerCode);
    if (!refused || err.credentialsRefused) throw err;
    throw new ProviderError({
      provider: err.provider,
      providerCode: err.providerCode,
      message: err.message,
      retryable: false,
      httpStatus: err.httpStatus,
      requestId: err.requestId,
      credentialsRefused: true,
      cause: err,
    });
  }
}
