// A hostile or broken apiserver cannot make a scan eat memory: JSON nested past MAX_JSON_DEPTH is
// refused before JSON.parse builds it, and the part says why; the other parts still answer.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jsonDepth, MAX_JSON_DEPTH, parseApiJson } from '../../src/cluster/json.js';
import { Secret } from '../../src/core/secret.js';
import { inspect } from '../../src/engine.js';
import { startTlsServer, type TestTlsServer } from '../support/tls.js';

describe('jsonDepth', () => {
  test.each([
    ['{}', 1],
    ['{"a":[1,{"b":[]}]}', 4],
    ['"[[[[[["', 0],
    ['{"a":"\\"[[[["}', 1],
  ])('%s → %i', (text, depth) => {
    expect(jsonDepth(text)).toBe(depth);
  });

  test('a deep body is refused, not parsed', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(() => parseApiJson(deep)).toThrow(/nested deeper than 100 levels/);
    expect(parseApiJson('{"items":[]}')).toEqual({ items: [] });
  });
});

describe('a scan of an apiserver that answers lists with 8 MiB of nested arrays', () => {
  let server: TestTlsServer;
  const deep = `{"items":${'['.repeat(4 * 1024 * 1024)}${']'.repeat(4 * 1024 * 1024)}}`;
  beforeAll(async () => {
    server = await startTlsServer('hostile', (req, res) => {
      res.setHeader('Content-Type', 'application/json');
      if (req.url?.startsWith('/version')) return void res.end('{"gitVersion":"v1.30.0"}');
      if (req.url?.includes('selfsubject')) return void res.end('{"status":{"allowed":true}}');
      res.end(deep);
    });
  });
  afterAll(async () => {
    await server.close();
  });

  test('every list part is unreadable with the reason; the process stays small', async () => {
    const before = process.memoryUsage().rss;
    const insp = await inspect(
      {
        name: 'hostile',
        server: server.url,
        caData: server.ca,
        auth: { kind: 'token', token: new Secret('t0k3n-hostile-0000') },
        endpoints: [],
        channels: [],
        kubeletsReachable: false,
        source: 'test',
      },
      ['skew', 'token', 'certs', 'ipam'],
      new AbortController().signal,
      { budgetMs: 20_000 },
    );
    const details = insp.results.flatMap((r) => r.unreadable.map((u) => u.detail));
    expect(details.some((d) => d.includes(`nested deeper than ${MAX_JSON_DEPTH} levels`))).toBe(true);
    // JSON.parse of this body alone would take gigabytes.
    expect(process.memoryUsage().rss - before).toBeLessThan(600 * 1024 * 1024);
  }, 60_000);
});
