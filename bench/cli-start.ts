// CLI start, as ratios to `node -e 0` on this machine (issue #23: `--version` ≤ 2×, a short
// `diagnose` ≤ 4×). Runs the installed entry point (bin/kube-triage.js → dist/), median of N runs,
// and each one's peak RSS. Runnable alone: npx tsx bench/cli-start.ts
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'kube-triage.js');

export interface StartRow {
  readonly what: string;
  readonly ms: number;
  readonly ratio: number;
  readonly rssMB: number;
  readonly target?: number;
}

function once(args: string[]): { ms: number; rssMB: number } {
  // /usr/bin/time gives the child's peak RSS; without it, only the time is measured.
  const timed = existsSync('/usr/bin/time');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(
    timed ? '/usr/bin/time' : process.execPath,
    timed ? ['-f', '%M', process.execPath, ...args] : args,
    {
      encoding: 'utf8',
    },
  );
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 3) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const kb = timed ? Number(/(\d+)\s*$/.exec(r.stderr.trim())?.[1] ?? 0) : 0;
  return { ms, rssMB: kb / 1024 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

export function cliStartBench(runs = 9): StartRow[] {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js')))
    throw new Error('dist/ is missing: run `npm run build` (npm ci does it) before the CLI start bench');
  const paste = join(mkdtempSync(join(tmpdir(), 'kt-start-')), 'paste.txt');
  writeFileSync(paste, 'Unable to connect to the server: x509: certificate signed by unknown authority\n');
  const cases: [string, string[], number | undefined][] = [
    ['node -e 0 (the floor)', ['-e', '0'], undefined],
    ['kube-triage --version', [BIN, '--version'], 2],
    ['kube-triage --help', [BIN, '--help'], undefined],
    ['kube-triage diagnose <one line>', [BIN, 'diagnose', paste], 4],
  ];
  const measured = cases.map(([what, args, target]) => {
    once(args); // warm the file cache
    const xs = Array.from({ length: runs }, () => once(args));
    return { what, ms: median(xs.map((x) => x.ms)), rssMB: median(xs.map((x) => x.rssMB)), target };
  });
  const floor = measured[0]?.ms ?? 1;
  return measured.map((m) => ({ ...m, ratio: m.ms / floor }));
}

export function cliStartTable(rows: readonly StartRow[]): string[][] {
  return [
    ['what', 'median', 'ratio to node -e 0', 'peak RSS', 'target'],
    ...rows.map((r) => [
      r.what,
      `${r.ms.toFixed(0)} ms`,
      `${r.ratio.toFixed(2)}×`,
      r.rssMB ? `${r.rssMB.toFixed(0)} MB` : '',
      r.target ? `≤ ${r.target}×` : '',
    ]),
  ];
}

if (process.argv[1] && /cli-start\.ts$/.test(process.argv[1])) {
  for (const r of cliStartTable(cliStartBench())) console.log(r.map((c) => c.padEnd(32)).join(''));
}
