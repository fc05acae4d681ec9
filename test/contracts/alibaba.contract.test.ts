import { alibabaFixtureFactory } from './fixtures/alibaba.js';
import { providerContract } from './provider.contract.js';

providerContract(alibabaFixtureFactory);
