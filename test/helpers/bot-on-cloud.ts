import { type Harness, type HarnessOptions, startHarness } from './bot-harness.js';

/** The bot and the fake cloud it talks to, closed together. */
export interface BotOnCloud {
  h: Harness;
  /** The bot first, then the cloud. */
  close(): Promise<void>;
}

/** Starts the bot harness in front of a fake cloud that is already running (closed again if the bot fails to start). */
export async function startBotOn(
  cloud: { close(): Promise<void> },
  options: HarnessOptions,
): Promise<BotOnCloud> {
  let h: Harness;
  try {
    h = await startHarness(options);
  } catch (err) {
    await cloud.close();
    throw err;
  }
  return {
    h,
    close: async () => {
      await h.close();
      await cloud.close();
    },
  };
}
