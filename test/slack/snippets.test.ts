// The attached-file reader against a real local file host: bytes past the cap are not read even when
// the file object under-states its size, a host that stalls is cut at the time budget, a redirect is
// not followed (the bot token would go with it), and a non-200 is named.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SNIPPET_FETCH_TIMEOUT_MS, SNIPPET_MAX_BYTES } from '../../src/core/limits.js';
import { snippetReader } from '../../src/slack/snippets.js';

let server: Server;
let origin: string;
const seen: { path: string; auth?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({
      path: req.url ?? '',
      ...(req.headers.authorization ? { auth: req.headers.authorization } : {}),
    });
    if (req.url === '/big') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      for (let i = 0; i < (SNIPPET_MAX_BYTES / chunk.length) * 2; i++) res.write(chunk);
      res.end();
    } else if (req.url === '/stall') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('partial');
      // never ends
    } else if (req.url === '/redirect') {
      res.writeHead(302, { Location: '/elsewhere' });
      res.end();
    } else if (req.url === '/gone') {
      res.writeHead(404);
      res.end();
    } else {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('rafthttp: the clock difference against peer 1 is too high [2s > 1s]');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const file = (path: string, size = 100) => ({
  name: path.slice(1),
  mode: 'snippet',
  mimetype: 'text/plain',
  size,
  url_private_download: `${origin}${path}`,
});

describe('attached text files', () => {
  test('a file reads as text with the bot token; a body past the byte cap is not read even when size under-states it', async () => {
    const read = snippetReader([origin]);
    const ok = await read([file('/ok')], 'xoxb-1');
    expect(ok.text).toContain('clock difference');
    expect(seen.find((s) => s.path === '/ok')?.auth).toBe('Bearer xoxb-1');
    const big = await read([file('/big', 10)], 'xoxb-1');
    expect(big.text).toBe('');
    expect(big.notes.join(' ')).toContain('over the');
  });

  test('a stalled download is cut at the time budget and named', async () => {
    const t = Date.now();
    const r = await snippetReader([origin])([file('/stall')], 'xoxb-1');
    expect(Date.now() - t).toBeLessThan(SNIPPET_FETCH_TIMEOUT_MS + 1_000);
    expect(r.notes.join(' ')).toContain('took too long');
  });

  test('a redirect is not followed and a 404 is named; without a token nothing is fetched', async () => {
    const read = snippetReader([origin]);
    const r = await read([file('/redirect'), file('/gone')], 'xoxb-1');
    expect(seen.some((s) => s.path === '/elsewhere')).toBe(false);
    expect(r.notes.join(' ')).toMatch(/answered 302.*answered 404/);
    const before = seen.length;
    const none = await read([file('/ok')], undefined);
    expect(seen.length).toBe(before);
    expect(none.notes.join(' ')).toContain('not read');
  });
});
