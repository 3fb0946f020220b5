// `osls offline` for the end-to-end tests: one at a time (serverless-esbuild builds into the one
// `.esbuild` directory of the repository, so two runs at once would clobber each other's bundles).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const LOCK = join(ROOT, '.esbuild.lock');
/** A lock older than this was left by a killed run. */
const STALE_LOCK_MS = 10 * 60_000;

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

async function lock(): Promise<void> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      return;
    } catch {
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS)
          rmSync(LOCK, { recursive: true, force: true });
      } catch {
        // gone meanwhile
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export interface Offline {
  readonly httpPort: number;
  readonly lambdaPort: number;
  /** Everything osls offline printed so far (the functions' log lines included). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `osls offline --stage offline` with these KT_LOCAL_* values, after the previous one stopped. */
export async function startOffline(env: Record<string, string>): Promise<Offline> {
  await lock();
  let out = '';
  let proc: ChildProcess | undefined;
  const stop = async () => {
    proc?.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    proc?.kill('SIGKILL');
    rmSync(LOCK, { recursive: true, force: true });
  };
  try {
    // A fresh build: stale bundles of another output extension would be loaded first.
    rmSync(join(ROOT, '.esbuild'), { recursive: true, force: true });
    const httpPort = await freePort();
    const lambdaPort = await freePort();
    proc = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js'),
        'offline',
        '--stage',
        'offline',
        '--noPrependStageInUrl',
        '--httpPort',
        String(httpPort),
        '--lambdaPort',
        String(lambdaPort),
        '--host',
        '127.0.0.1',
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'offline',
          AWS_SECRET_ACCESS_KEY: 'offline',
          AWS_REGION: 'us-east-1',
          KT_LOCAL_LAMBDA_ENDPOINT: `http://127.0.0.1:${lambdaPort}`,
          ...env,
        },
      },
    );
    proc.stdout?.on('data', (d) => (out += d));
    proc.stderr?.on('data', (d) => (out += d));
    const t0 = Date.now();
    while (!out.includes('Server ready') && Date.now() - t0 < 90_000 && proc.exitCode === null)
      await new Promise((r) => setTimeout(r, 200));
    if (!out.includes('Server ready')) throw new Error(`osls offline did not start:\n${out.slice(-2000)}`);
    return { httpPort, lambdaPort, output: () => out, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
