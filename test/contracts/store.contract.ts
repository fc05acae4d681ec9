import { afterEach, beforeEach, describe } from 'vitest';
import type { StateStore } from '../../src/approvals/store.js';
import { activeCases } from './store-cases/active.js';
import { auxiliaryCases } from './store-cases/auxiliary.js';
import { recentCases } from './store-cases/recent.js';
import { requestCases } from './store-cases/requests.js';
import { targetCases } from './store-cases/targets.js';
import { transitionCases } from './store-cases/transitions.js';
import { undoCases } from './store-cases/undo.js';

export interface StoreUnderTest {
  store: StateStore;
  cleanup: () => Promise<void>;
}

/** What each group of cases gets: the store of the running test. */
export type StoreAccess = () => StateStore;

/** The behaviour every StateStore must show (memory and Redis alike). */
export function storeContract(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`store contract: ${name}`, () => {
    let current: StoreUnderTest | undefined;
    beforeEach(async () => {
      current = await make();
    });
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });
    const access: StoreAccess = () => {
      if (!current) throw new Error('no store: make() has not run');
      return current.store;
    };
    requestCases(access);
    transitionCases(access);
    targetCases(access);
    auxiliaryCases(access);
    activeCases(access);
    recentCases(access);
    undoCases(access);
  });
}
