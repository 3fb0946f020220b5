/**
 * The daily report's schedule and history for `kube-triage serve`: when to run it (a UTC time each
 * day) and where its history lives (a local DynamoDB-compatible server, dynalite, persisted under
 * ~/.kube-triage, so the same store code runs as on AWS; or a JSON file). The report itself is
 * jobs/daily.ts.
 * @module
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DynamoStore, FileStore, type HistoryStore } from '../report/store.js';
import type { Log } from '../slack/deliver.js';

/** A running history store (dynalite needs stopping). */
export interface History {
  readonly store: HistoryStore;
  close(): Promise<void>;
}

/** Opens the history: `dynalite` (a local DynamoDB, persisted in `dir`) or `file`. */
export async function openHistory(
  kind: 'dynalite' | 'file',
  dir = join(homedir(), '.kube-triage'),
): Promise<History> {
  mkdirSync(dir, { recursive: true });
  const release = lockHistory(dir);
  if (kind === 'file')
    return { store: new FileStore(join(dir, 'history.json')), close: async () => release() };
  let dynalite: typeof import('dynalite').default;
  try {
    ({ default: dynalite } = await import('dynalite'));
  } catch {
    release();
    throw new HistoryLockError(
      'dynalite (an optional dependency, for the local DynamoDB history) is not installed: run `npm install dynalite`, or use --history file.',
    );
  }
  const server = dynalite({ path: join(dir, 'dynalite'), createTableMs: 0 });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const store = new DynamoStore('kube-triage-history', {
    endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
  });
  await store.createTable().catch(() => {
    // already there from an earlier run
  });
  return {
    store,
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      release();
    },
  };
}

/** The history directory is in use by another process, or its store cannot be opened. */
export class HistoryLockError extends Error {
  override readonly name = 'HistoryLockError';
}

/**
 * Takes the history directory for this process (a lock file holding its pid, created atomically):
 * two `serve` processes sharing one local store corrupt it, so the second gets a clear message. A
 * lock left by a process that no longer runs is taken over. Returns the release function.
 */
export function lockHistory(dir: string): () => void {
  const path = join(dir, 'history.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isRunning(pid))
        throw new HistoryLockError(
          `Another kube-triage (pid ${pid}) is using the report history in ${dir}. Stop it, or give this one its own: HOME=… or --history file with another HOME.`,
        );
      unlinkSync(path);
    }
  }
  throw new HistoryLockError(`Could not take the report history lock ${path}.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Milliseconds until the next HH:MM UTC. */
export function msUntil(hhmm: string, now = new Date()): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59)
    throw new Error(`--report-at must be HH:MM (UTC), got "${hhmm}"`);
  const next = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), Number(m[1]), Number(m[2])),
  );
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next.getTime() - now.getTime();
}

/** Schedules the daily report; returns a function that cancels it. */
export function scheduleDaily(hhmm: string, run: () => Promise<unknown>, log: Log): () => void {
  let timer: NodeJS.Timeout;
  const arm = (): void => {
    timer = setTimeout(() => {
      run()
        .catch((e: unknown) => log.warn('daily report failed', { error: (e as Error).name }))
        .finally(arm);
    }, msUntil(hhmm));
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}
