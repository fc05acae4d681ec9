import { describe, expect, it } from 'vitest';
import {
  canonicalQuery,
  canonicalUri,
  EMPTY_SHA256,
  formatSdkDate,
  sign,
} from '../../src/providers/huawei/signer.js';
import { readHuaweiVectors, type VectorInput } from '../helpers/huawei-vectors.js';

const vectors = readHuaweiVectors();

function signVector(input: VectorInput) {
  return sign({
    method: input.method,
    host: new URL(input.url).host,
    path: input.path,
    query: input.query,
    headers: input.headers,
    body: input.body,
    ak: input.ak,
    sk: input.sk,
    sdkDate: input.x_sdk_date,
  });
}

describe('Huawei signer: published vectors', () => {
  it('has vectors to check', () => {
    expect(vectors.signer_vectors.length).toBeGreaterThanOrEqual(10);
    expect(vectors.cross_sdk_vectors.length).toBeGreaterThanOrEqual(1);
    expect(vectors.wire_vectors.length).toBe(4);
  });

  for (const v of [...vectors.signer_vectors, ...vectors.cross_sdk_vectors]) {
    it(`reproduces ${v.id}`, () => {
      const out = signVector(v.input);
      expect(out.canonicalRequest).toBe(v.expected.canonical_request);
      expect(out.stringToSign).toBe(v.expected.string_to_sign);
      expect(out.authorization).toBe(v.expected.authorization);
      if (v.expected.signed_headers) expect(out.signedHeaders).toBe(v.expected.signed_headers);
    });
  }

  it('matches the signature published in the vendor guide', () => {
    const v = vectors.cross_sdk_vectors.find((c) => c.id === 'vendor-doc-worked-example');
    expect(v?.expected.published_signature).toBeDefined();
    if (!v) return;
    expect(signVector(v.input).signature).toBe(v.expected.published_signature);
  });

  for (const w of vectors.wire_vectors) {
    it(`re-signs the captured request ${w.id}`, () => {
      const wire = w.request_on_wire;
      const url = new URL(wire.path_and_query, 'http://placeholder');
      const query: Record<string, string[]> = {};
      for (const [k, val] of url.searchParams) query[k] = [...(query[k] ?? []), val];
      const signedNames = w.expected.signed_headers.split(';').filter((n) => n !== 'host');
      const headers = Object.fromEntries(signedNames.map((n) => [n, wire.headers[n] ?? '']));
      const out = sign({
        method: wire.method,
        host: wire.headers.host ?? '',
        path: decodeURIComponent(url.pathname),
        query,
        headers,
        body: wire.body,
        ak: w.credentials.ak,
        sk: w.credentials.sk,
        sdkDate: formatSdkDate(new Date(w.frozen_clock_utc)),
      });
      expect(out.canonicalRequest).toBe(w.expected.canonical_request);
      expect(out.stringToSign).toBe(w.expected.string_to_sign);
      expect(out.authorization).toBe(w.expected.authorization);
      expect(out.authorization).toBe(wire.headers.authorization);
    });
  }
});

describe('Huawei signer: rules beyond the vectors', () => {
  it('formats the date in the basic format', () => {
    expect(formatSdkDate(new Date('2025-01-15T08:30:00.123Z'))).toBe('20250115T083000Z');
  });

  it('encodes each path segment once and strictly, with a trailing slash', () => {
    expect(canonicalUri('/')).toBe('/');
    expect(canonicalUri('/v1/p/a:b c')).toBe('/v1/p/a%3Ab%20c/');
    expect(canonicalUri('/v1/p/x/')).toBe('/v1/p/x/');
  });

  it('sorts names and repeated values by code unit and encodes reserved characters', () => {
    expect(canonicalQuery({ env: ['prod', 'dev'], Env: 'dev', app: 'db' })).toBe(
      'Env=dev&app=db&env=dev&env=prod',
    );
    expect(canonicalQuery({ q: "a b#/+&=~*'()!%", e: '', g: 'αβ', s: '😀' })).toBe(
      'e=&g=%CE%B1%CE%B2&q=a%20b%23%2F%2B%26%3D~%2A%27%28%29%21%25&s=%F0%9F%98%80',
    );
  });

  it('signs the security token and a host with a port like any other header', () => {
    const out = sign({
      method: 'GET',
      host: 'ecs.example.com:8443',
      path: '/v1/p/jobs/j',
      query: {},
      headers: { 'X-Security-Token': 'tok' },
      body: null,
      ak: 'AK',
      sk: 'SK',
      sdkDate: '20250115T083000Z',
    });
    expect(out.signedHeaders).toBe('host;x-sdk-date;x-security-token');
    expect(out.canonicalRequest).toContain('host:ecs.example.com:8443\n');
    expect(out.canonicalRequest.endsWith(EMPTY_SHA256)).toBe(true);
  });
});

describe('Huawei signer: Node SDK quirks we do not copy (spec §8.2)', () => {
  const quirk = (id: string) => {
    const q = vectors.quirks.find((x) => x.id === id);
    if (!q) throw new Error(`missing quirk ${id}`);
    const url = new URL(q.input.endpoint);
    const out = sign({
      method: q.input.method,
      host: url.host,
      path: decodeURIComponent(url.pathname),
      query: q.input.query,
      headers: q.input.headers,
      body: null,
      ak: q.input.ak,
      sk: q.input.sk,
      sdkDate: '20250115T083000Z',
    });
    return { out, sdk: q.official_signer_output.Authorization };
  };

  it('encodes a path needing escape once (%20), not twice (%2520)', () => {
    const { out, sdk } = quirk('quirk-path-needing-escape-double-encoded');
    expect(out.canonicalRequest.split('\n')[1]).toBe('/v1/0f1e2d3c4b5a69788796a5b4c3d2e1f0/x%20y/');
    expect(out.authorization).not.toBe(sdk);
  });

  it('trims header values as the signing guide and the Go SDK do', () => {
    const { out, sdk } = quirk('quirk-header-value-not-trimmed');
    expect(out.canonicalRequest).toContain('\nx-custom:padded\n');
    expect(out.authorization).not.toBe(sdk);
  });

  it('orders the header block and SignedHeaders the same way', () => {
    const { out, sdk } = quirk('quirk-underscore-vs-hyphen-header-order');
    expect(out.signedHeaders).toBe('host;x-a;x-sdk-date;x_b');
    const block = out.canonicalRequest
      .split('\n')
      .slice(3, 7)
      .map((l) => l.split(':')[0]);
    expect(block.join(';')).toBe(out.signedHeaders);
    expect(out.authorization).not.toBe(sdk);
  });

  it('sorts raw query names (step 3), which here agrees with the SDK', () => {
    const { out, sdk } = quirk('quirk-non-ascii-query-key-order');
    expect(out.canonicalRequest.split('\n')[2]).toBe('z=1&%C3%A9=2');
    expect(out.authorization).toBe(sdk);
  });

  it('refuses an X-Sdk-Date that is not in the basic format', () => {
    expect(() => quirk('quirk-extended-iso-date-header')).toThrow(/X-Sdk-Date/);
    expect(() =>
      sign({
        method: 'GET',
        host: 'h',
        path: '/',
        query: {},
        headers: {},
        body: null,
        ak: 'a',
        sk: 's',
        sdkDate: '2025-01-15T08:30:00Z',
      }),
    ).toThrow(/YYYYMMDD/);
  });
});
