// Date headers are read strictly: a server answering "Date: 0" (which Date.parse reads as the year
// 2000) gives no clock reading, and says so; real HTTP dates in all three RFC 9110 forms are read.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseHttpDate } from '../../src/cluster/http-date.js';
import { probeAgent, probeClock } from '../../src/cluster/probes/clock.js';
import { startTlsServer, type TestTlsServer } from '../support/tls.js';

describe('parseHttpDate', () => {
  test.each([
    ['Sun, 06 Nov 1994 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['Sunday, 06-Nov-94 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['Sun Nov  6 08:49:37 1994', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['Thu, 01 Jan 1970 00:00:12 GMT', 12_000],
  ])('%s', (v, t) => {
    expect(parseHttpDate(v)).toBe(t);
  });

  test.each([
    ['0'],
    ['1'],
    ['2026'],
    ['2026-12-02T10:00:00Z'],
    ['Sun, 06 Nov 1994 08:49:37 PST'],
    ['Sun, 31 Feb 2026 08:49:37 GMT'],
    ['Sun, 06 Nov 1994 25:49:37 GMT'],
    [''],
    ['x'.repeat(5000)],
  ])('%j is not a clock reading', (v) => {
    expect(Date.parse('0')).not.toBeNaN(); // what the lenient parser would have read
    expect(parseHttpDate(v)).toBeUndefined();
  });
});

describe('a server whose Date header is not a date', () => {
  let date = '0';
  let server: TestTlsServer;
  beforeAll(async () => {
    server = await startTlsServer('probe', (_req, res) => {
      res.sendDate = false;
      res.setHeader('Date', date);
      res.end('{}');
    });
  });
  afterAll(async () => {
    await server.close();
  });

  const probe = () =>
    probeClock(
      probeAgent(server.ca),
      { name: 'api-1', kind: 'apiserver', address: '127.0.0.1', port: server.port, path: '/livez' },
      new AbortController().signal,
      false,
    );

  test('"Date: 0" is reported as an unreadable clock, not as the year 2000', async () => {
    date = '0';
    const r = await probe();
    expect(r.error).toBeDefined();
    expect(r.errorDetail).toMatch(/not an HTTP date/);
    expect(JSON.stringify(r)).not.toMatch(/2000-01-01/);
  });

  test('a real Date header is read', async () => {
    date = new Date().toUTCString();
    const r = await probe();
    expect(r.error).toBeUndefined();
    expect(Math.abs(r.offsetMs ?? Number.NaN)).toBeLessThan(2_000);
  });
});
