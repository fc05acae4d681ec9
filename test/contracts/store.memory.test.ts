import { createMemoryStore } from '../../src/approvals/memory-store.js';
import { storeContract } from './store.contract.js';

storeContract('memory', async () => {
  const store = createMemoryStore();
  return { store, cleanup: () => store.close() };
});
