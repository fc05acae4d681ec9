import { parseRequestBody, type RequestBody } from './request-codec.js';

/**
 * Request bodies (targets, reason, channel…) by request ID, as stored and as
 * parsed. A body is written once, when the request is created, and never
 * changed, so a copy read once stays true: later reads fetch only the small
 * head of the request and share the parsed body (its lists are frozen).
 * Bounded by total size; the oldest entries go first.
 */
export interface CachedBody {
  json: string;
  body: RequestBody;
}

export interface BodyCache {
  get(id: string): CachedBody | undefined;
  /** Keeps `json` (when it fits) and returns it parsed. */
  remember(id: string, json: string): RequestBody;
}

export function createBodyCache(maxBytes: number): BodyCache {
  const entries = new Map<string, CachedBody>();
  let bytes = 0;
  return {
    get: (id) => entries.get(id),
    remember(id, json) {
      const known = entries.get(id);
      if (known?.json === json) return known.body;
      const body = parseRequestBody(json);
      if (json.length > maxBytes || known) return body;
      entries.set(id, { json, body });
      bytes += json.length;
      for (const [oldId, old] of entries) {
        if (bytes <= maxBytes) break;
        entries.delete(oldId);
        bytes -= old.json.length;
      }
      return body;
    },
  };
}
