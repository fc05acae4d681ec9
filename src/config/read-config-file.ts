import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { ConfigFile, Env } from './load-config.js';

/** STOPBOT_CONFIG, else ./stopbot.yml when it exists, else undefined. */
export function readConfigFile(env: Env, cwd: string): ConfigFile | undefined {
  const named = env.STOPBOT_CONFIG?.trim();
  const path = named ? resolve(cwd, named) : resolve(cwd, 'stopbot.yml');
  if (!existsSync(path)) {
    if (named) throw new ConfigError('STOPBOT_CONFIG', `file ${path} does not exist`);
    return undefined;
  }
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch {
    throw new ConfigError('STOPBOT_CONFIG', `file ${path} could not be read`);
  }
}
