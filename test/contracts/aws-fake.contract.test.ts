import { awsFakeFixtureFactory } from './fixtures/aws-fake.js';
import { providerContract } from './provider.contract.js';

// The same contract against the EC2 fake, where moto cannot show EC2's behaviour
// (a stopping phase, 1000 IDs per call, SigV4 checked).
providerContract(awsFakeFixtureFactory);
