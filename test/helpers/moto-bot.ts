import { startMotoProxy } from '../fakes/aws/moto-proxy.js';
import {
  MOTO_CREDENTIALS,
  MOTO_REGION,
  motoClient,
  type SeedMachine,
  seedMoto,
} from '../fakes/aws/moto-seed.js';
import { baseConfig } from './bot-harness.js';
import { startBotOn } from './bot-on-cloud.js';
import type { Moto } from './moto.js';

export interface MotoBotOptions {
  /** Replaces the default `aws` entry, given the proxy's URL. */
  providers?: (url: string) => Record<string, unknown>;
  /** More of the config (e.g. `limits`), next to `providers`. */
  config?: Record<string, unknown>;
  /** More of the environment, next to moto's AWS keys. */
  env?: Record<string, string>;
}

/**
 * moto reset and seeded with `machines` (their IDs in `ids`), a counting proxy in
 * front of it, and the bot configured against the proxy; closing the bot closes both.
 */
export async function startBotOnMoto(moto: Moto, machines: SeedMachine[], options: MotoBotOptions = {}) {
  await moto.reset();
  const ec2 = motoClient(moto.url);
  const ids = await seedMoto(ec2, machines);
  const proxy = await startMotoProxy(moto.url);
  const bot = await startBotOn(
    {
      close: async () => {
        ec2.destroy();
        await proxy.close();
      },
    },
    {
      config: baseConfig({
        providers: options.providers?.(proxy.url) ?? {
          aws: { region: MOTO_REGION, endpoint: proxy.url, timeout: '5s' },
        },
        ...options.config,
      }),
      env: {
        AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
        ...options.env,
      },
    },
  );
  return { ids, proxy, ec2, ...bot };
}
