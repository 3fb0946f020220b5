// Diagnosis speed, measured against a floor: the least any diagnosis must do with a paste (decode
// the bytes, split lines, run one case-insensitive regex per line). Reported as a ratio to that floor
// and in ms per MiB, and for linearity as the time at 8× the input over the time at 1×.
// Run alone with `npx tsx bench/diagnosis.ts`; `npm run bench` includes it. Measures, never asserts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose } from '../src/diagnose/index.js';
import { ADVERSARIAL } from '../test/fixtures/adversarial.js';

const MiB = 1024 * 1024;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** The floor: decode, split, one case-insensitive regex per line. */
const FLOOR_RE = /certificate has expired or is not yet valid/i;
function floor(bytes: Buffer): number {
  let n = 0;
  for (const line of bytes.toString('utf8').split('\n')) if (FLOOR_RE.test(line)) n++;
  return n;
}

/** Median of `runs` timed calls after one untimed call (the first call of a shape pays for its JIT). */
function time(f: () => unknown, runs = 5): number {
  f();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

const REALISTIC_LINES = [
  'Apr  1 00:02:25 node-2 kubelet[3553]: I0401 00:02:25.365462    3553 kubelet_pods.go:894] "Unable to retrieve pull secret, the image pull may not succeed." pod="default/web-55dc46dd54-2vlbf" secret="" err="secret \\"regcred\\" not found"',
  'Apr  1 00:02:26 node-2 kube-apiserver[1390]: E0401 00:02:26.604914    1390 authentication.go:70] "Unable to authenticate the request" err="[invalid bearer token, service account token is not valid yet]"',
  'Apr  1 00:02:27 node-2 containerd[812]: time="2024-04-01T00:02:27.000000000+08:00" level=info msg="RunPodSandbox for &PodSandboxMetadata{Name:web-1,Uid:abc,Namespace:default,Attempt:0,}"',
  'Apr  1 00:02:28 node-2 kubelet[3553]: E0401 00:02:28.000000    3553 pod_workers.go:1298] "Error syncing pod, skipping" err="failed to \\"CreatePodSandbox\\": failed to allocate for range 0: no IP addresses available in range set: 10.42.1.1-10.42.1.254"',
  'Apr  1 00:02:29 node-2 kubelet[3553]: I0401 00:02:29.120000    3553 kuberuntime_manager.go:1012] "Creating container in pod" containerType="container" container="web" pod="default/web-1"',
  'Apr  1 00:02:30 node-2 systemd[1]: Started Session 42 of User root.',
];

/** A log where one line in three is an error a rule names (what the bench has always used). */
function dense(bytes: number): string {
  let s = '';
  let i = 0;
  while (s.length < bytes) s += `${REALISTIC_LINES[i++ % REALISTIC_LINES.length]}\n`;
  return s.slice(0, bytes);
}

/** A log where one line in twenty is such an error, the rest routine kubelet/containerd/systemd lines. */
function realistic(bytes: number): string {
  const routine = [
    REALISTIC_LINES[0],
    REALISTIC_LINES[2],
    REALISTIC_LINES[4],
    REALISTIC_LINES[5],
  ] as string[];
  const errors = [REALISTIC_LINES[1], REALISTIC_LINES[3]] as string[];
  let s = '';
  let i = 0;
  while (s.length < bytes) {
    s += `${i % 20 === 19 ? errors[((i / 20) % 2) | 0] : routine[i % routine.length]}\n`;
    i++;
  }
  return s.slice(0, bytes);
}

export interface DiagnosisRow {
  readonly label: string;
  readonly ms: number;
  readonly msPerMiB: number;
  readonly floorMs: number;
  readonly ratio: number;
  /** Time at 8× the input over time at 1× (8 = linear). */
  readonly scaling?: number;
}

export function diagnosisBench(): DiagnosisRow[] {
  // The first diagnosis in a process compiles every rule's regex and warms the JIT: reported on its
  // own row (what a cold worker pays once), then the engine is warmed before the steady-state rows,
  // so that the first input measured does not carry the whole process's warm-up.
  const cold = realistic(MiB);
  const t0 = performance.now();
  diagnose(cold, new Date());
  const coldMs = performance.now() - t0;
  for (let i = 0; i < 3; i++) {
    diagnose(realistic(MiB / 4), new Date());
    diagnose(dense(MiB / 4), new Date());
  }
  const inputs: [string, (bytes: number) => string][] = [
    ['realistic syslog/klog (1 line in 20 an error)', realistic],
    ['error-dense syslog/klog (1 line in 3 an error)', dense],
    ['one character', (n) => 'a'.repeat(n)],
    ['spaces', (n) => ' '.repeat(n)],
    ['digits and dots', (n) => '1.'.repeat(n / 2)],
    ['"eyJ" runs', (n) => 'eyJ'.repeat(Math.floor(n / 3))],
    ['near-miss lines', (n) => 'x509: certificate is valid for a, \n'.repeat(Math.floor(n / 35))],
    ['newlines', (n) => '\n'.repeat(n)],
  ];
  const rows: DiagnosisRow[] = inputs.map(([label, make]) => {
    const text = make(MiB);
    const bytes = Buffer.from(text);
    const ms = time(() => diagnose(bytes.toString('utf8'), new Date()));
    const floorMs = time(() => floor(bytes), 9);
    const small = make(MiB / 8);
    const smallMs = time(() => diagnose(small, new Date()));
    const mib = bytes.length / MiB;
    return {
      label: `1 MiB ${label}`,
      ms,
      msPerMiB: ms / mib,
      floorMs,
      ratio: ms / floorMs,
      scaling: ms / smallMs,
    };
  });
  rows.unshift({
    label: '1 MiB realistic, first diagnosis in a fresh process',
    ms: coldMs,
    msPerMiB: coldMs / (Buffer.byteLength(cold) / MiB),
    floorMs: rows[0]?.floorMs ?? Number.NaN,
    ratio: coldMs / (rows[0]?.floorMs ?? Number.NaN),
  });
  // What a person pastes: the given examples (real error texts, a few hundred bytes to a few KB each), one
  // diagnosis each, in order; the time is the mean per paste, the floor the same pass over the same bytes.
  const pastes = ['pastes.jsonl', 'pastes-2.jsonl'].flatMap((f) =>
    readFileSync(join(import.meta.dirname, '..', 'test', 'fixtures', f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => Buffer.from((JSON.parse(l) as { text: string }).text)),
  );
  const all = (f: (b: Buffer) => unknown) => () => {
    for (const b of pastes) f(b);
  };
  const pastesMs = time(all((b) => diagnose(b.toString('utf8'), new Date()))) / pastes.length;
  const pastesFloor = time(all(floor), 9) / pastes.length;
  const pastesMiB = pastes.reduce((n, b) => n + b.length, 0) / MiB;
  rows.push({
    label: `${pastes.length} real error pastes (mean ${Math.round((pastesMiB * MiB) / pastes.length)} bytes), per paste`,
    ms: pastesMs,
    msPerMiB: (pastesMs * pastes.length) / pastesMiB,
    floorMs: pastesFloor,
    ratio: pastesMs / pastesFloor,
  });
  // Issue #13's adversarial pastes at their large size (target < 200 ms each).
  for (const [name, make, unit] of ADVERSARIAL) {
    const text = make(unit * 10);
    const bytes = Buffer.from(text);
    const ms = time(() => diagnose(bytes.toString('utf8'), new Date()));
    const floorMs = time(() => floor(bytes), 9);
    rows.push({
      label: `#13 ${name} ×10`,
      ms,
      msPerMiB: ms / (bytes.length / MiB),
      floorMs,
      ratio: ms / floorMs,
    });
  }
  return rows;
}

export function diagnosisTable(rows: readonly DiagnosisRow[]): (string | number)[][] {
  return [
    ['input', 'time', 'ms per MiB', 'floor', 'ratio to floor', '8× input →', 'target'],
    ...rows.map((d) => [
      d.label,
      `${d.ms.toFixed(1)} ms`,
      d.msPerMiB.toFixed(1),
      `${d.floorMs.toFixed(1)} ms`,
      `${d.ratio.toFixed(1)}×`,
      d.scaling === undefined ? '' : `${d.scaling.toFixed(1)}× time`,
      d.label.startsWith('#13')
        ? '< 200 ms'
        : d.label.includes('fresh process')
          ? '(once per cold worker)'
          : d.label.includes('per paste')
            ? '(what a person waits for)'
            : '≤ 100 ms/MiB, 8× ≈ 8×',
    ]),
  ];
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const rows = diagnosisBench();
  for (const r of diagnosisTable(rows)) console.log(r.join('  |  '));
}
