import { zenlayerFixtureFactory } from './fixtures/zenlayer.js';
import { providerContract } from './provider.contract.js';

providerContract(zenlayerFixtureFactory);
