import { sandboxFixture } from './fixtures/sandbox.js';
import { providerContract } from './provider.contract.js';

providerContract(sandboxFixture);
