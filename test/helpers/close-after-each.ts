import { afterEach } from 'vitest';

/**
 * Wraps a fixture opener so that the fixture a test opens is closed after that test.
 * Call it once at module (or describe) level: `const open = closeAfterEach(startRig);`.
 */
export function closeAfterEach<A extends unknown[], T extends { close(): Promise<void> }>(
  start: (...args: A) => Promise<T>,
): (...args: A) => Promise<T> {
  let current: T | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return async (...args) => {
    current = await start(...args);
    return current;
  };
}
