/**
 * Local types for the part of `@alicloud/pop-core` we use: its ROA client.
 * The package ships types for its RPC client only.
 */
declare module '@alicloud/pop-core' {
  import type { Agent } from 'node:http';

  export interface RoaClientConfig {
    endpoint: string;
    apiVersion: string;
    accessKeyId: string;
    accessKeySecret: string;
    securityToken?: string;
    /** Passed to the HTTP layer; `timeout` (ms) covers connect and read (default 3000). */
    opts?: { timeout?: number };
  }

  /**
   * Resolves to the parsed JSON body, or the raw body string when the reply is not
   * JSON. Throws on JSON status >= 400, XML errors, bad JSON and timeouts.
   */
  export class ROAClient {
    constructor(config: RoaClientConfig);
    readonly keepAliveAgent: Agent;
    get(path: string, query: Record<string, string>, headers?: Record<string, string>): Promise<unknown>;
    put(
      path: string,
      query: Record<string, string>,
      body: string,
      headers?: Record<string, string>,
    ): Promise<unknown>;
  }

  const popCore: { ROAClient: typeof ROAClient };
  export default popCore;
}
