import { awsMotoFixtureFactory } from './fixtures/aws-moto.js';
import { providerContract } from './provider.contract.js';

// Against moto_server, the public AWS emulator (see test/helpers/moto.ts).
providerContract(awsMotoFixtureFactory);
