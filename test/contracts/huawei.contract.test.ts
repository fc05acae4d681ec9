import { huaweiFixtureFactory } from './fixtures/huawei.js';
import { providerContract } from './provider.contract.js';

providerContract(huaweiFixtureFactory);
