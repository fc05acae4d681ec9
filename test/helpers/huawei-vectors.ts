import type { QueryMap } from '../../src/providers/huawei/signer.js';
import { readProviderVectors } from './provider-vectors.js';

/** The shapes of huawei-vectors.json, as far as the tests read them. */
export interface VectorInput {
  method: string;
  url: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: string | null;
  ak: string;
  sk: string;
  x_sdk_date: string;
}
export interface Expected {
  authorization: string;
  signed_headers?: string;
  canonical_request: string;
  string_to_sign: string;
}
/** A request as the official SDK put it on the wire, with its frozen clock. */
export interface WireVector {
  id: string;
  credentials: { ak: string; sk: string };
  frozen_clock_utc: string;
  request_on_wire: {
    method: string;
    path_and_query: string;
    headers: Record<string, string>;
    body: string | null;
  };
  expected: Expected & { signed_headers: string };
}
export interface Quirk {
  id: string;
  input: {
    method: string;
    endpoint: string;
    query: QueryMap;
    headers: Record<string, string>;
    ak: string;
    sk: string;
  };
  official_signer_output: { Authorization: string };
}
export interface HuaweiVectors {
  signer_vectors: Array<{ id: string; input: VectorInput; expected: Expected }>;
  cross_sdk_vectors: Array<{
    id: string;
    input: VectorInput;
    expected: Expected & { published_signature?: string };
  }>;
  wire_vectors: WireVector[];
  quirks: Quirk[];
}

export const readHuaweiVectors = (): HuaweiVectors => readProviderVectors('huawei') as HuaweiVectors;
