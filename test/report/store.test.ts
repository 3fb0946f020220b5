// Both history stores answer `status(cluster)` with what `save` stored, without the findings.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dynalite from 'dynalite';
import { expect, test } from 'vitest';
import { DynamoStore, FileStore, type HistoryStore } from '../../src/report/store.js';

async function roundTrip(store: HistoryStore): Promise<void> {
  expect(await store.status('prod')).toBeUndefined();
  const status = { lastRun: '2026-11-28T00:00:00.000Z', lastScanMs: 4_321 };
  await store.save('prod', [], status);
  await store.save('staging', [], { lastRun: status.lastRun, unreachableSince: status.lastRun });
  expect(await store.status('prod')).toEqual(status);
  expect((await store.status('staging'))?.unreachableSince).toBe(status.lastRun);
  expect(await store.status('other')).toBeUndefined();
}

test('the file store', async () => {
  await roundTrip(new FileStore(join(mkdtempSync(join(tmpdir(), 'kt-store-')), 'history.json')));
});

test('the DynamoDB store (dynalite)', async () => {
  const db = dynalite({ createTableMs: 0 });
  await new Promise<void>((r) => db.listen(0, '127.0.0.1', () => r()));
  try {
    const store = new DynamoStore('kt-store', {
      endpoint: `http://127.0.0.1:${(db.address() as { port: number }).port}`,
    });
    await store.createTable();
    await roundTrip(store);
  } finally {
    await new Promise<void>((r) => db.close(() => r()));
  }
});
