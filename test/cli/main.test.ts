// The CLI end to end, in-process: real sandbox over HTTPS, real argument parsing, captured output.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect } from 'vitest';
import { type Io, main } from '../../src/cli/main.js';
import { test } from '../support/fixtures.js';

function capture(stdin?: string): Io & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
    isTTY: false,
    env: { HOME: mkdtempSync(join(tmpdir(), 'kt-home-')) },
    ...(stdin !== undefined ? { stdin: Readable.from([Buffer.from(stdin)]) } : {}),
    stdout: () => out,
    stderr: () => err,
  };
}

describe('kube-triage CLI', () => {
  test('skew sandbox --scenario seed-000-apiserver-skew --json reports the fast apiserver within ±2 s', async () => {
    const io = capture();
    const code = await main(['skew', 'sandbox', '--scenario', 'seed-000-apiserver-skew', '--json'], io);
    expect(code).toBe(0);
    const j = JSON.parse(io.stdout());
    expect(j.cluster).toBe('sandbox');
    expect(j.checks.map((c: { check: string }) => c.check)).toEqual(['skew']);
    const f = j.findings.find((x: { code: string }) => x.code === 'skew/apiserver-clock');
    expect(f.subject.name).toBe('node2');
    const row = j.checks[0].table.find((r: string[]) => r[0] === 'apiserver node2');
    expect(Math.abs(Number.parseFloat(row[1]) - 90)).toBeLessThanOrEqual(2);
    expect(io.stdout()).not.toContain(String.fromCharCode(27));
  });

  test('report groups findings of one cause across checks, in --json (incidents) and in text (same cause)', async () => {
    const io = capture();
    expect(await main(['report', 'sandbox', '--scenario', 'seed-000-apiserver-skew', '--json'], io)).toBe(0);
    const j = JSON.parse(io.stdout());
    const codeAt = (i: number) => `${j.findings[i].code} ${j.findings[i].subject.name}`;
    const clock = j.incidents.find(
      (i: { cause: number }) => codeAt(i.cause) === 'skew/apiserver-clock node2',
    );
    expect(clock.effects.map(codeAt).sort()).toEqual(['skew/node-clock node2', 'token/not-yet-valid node2']);
    // Every finding is in exactly one incident.
    const all = j.incidents
      .flatMap((i: { cause: number; effects: number[] }) => [i.cause, ...i.effects])
      .sort();
    expect(all).toEqual(j.findings.map((_: unknown, i: number) => i));
    const text = capture();
    expect(await main(['report', 'sandbox', '--scenario', 'seed-000-apiserver-skew'], text)).toBe(0);
    const out = text.stdout();
    const block = out.slice(out.indexOf('── same cause ──'));
    expect(block).toContain('(skew/apiserver-clock)');
    expect(block).toMatch(/↳ CRITICAL .*\(token\/not-yet-valid\)/);
  });

  test('--fail-on critical exits 3 when a critical finding exists, 0 on the healthy scenario', async () => {
    expect(
      await main(
        ['token', 'sandbox', '--scenario', 'seed-000-apiserver-skew', '--fail-on', 'critical'],
        capture(),
      ),
    ).toBe(3);
    const io = capture();
    expect(await main(['report', 'sandbox', '--scenario', 'healthy', '--fail-on', 'warning'], io)).toBe(0);
    expect(io.stdout()).toContain('No problems found.');
  });

  test('--version prints the package version; the installed entry point answers it without loading the CLI', async () => {
    const io = capture();
    expect(await main(['--version'], io)).toBe(0);
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(io.stdout().trim()).toBe(pkg.version);
    const r = spawnSync(
      process.execPath,
      [join(import.meta.dirname, '..', '..', 'bin', 'kube-triage.js'), '--version'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  test('usage errors exit 2 with a short message', async () => {
    const io = capture();
    expect(await main(['skew', 'prd'], io)).toBe(2);
    expect(io.stderr()).toMatch(/^kube-triage: Unknown cluster "prd"\. Registered: .*sandbox/);
    const io2 = capture();
    expect(await main(['skwe'], io2)).toBe(2);
    expect(io2.stderr()).toContain("unknown command 'skwe'");
    const io3 = capture();
    expect(await main(['report', 'sandbox', '--scenario', 'nope'], io3)).toBe(2);
    expect(io3.stderr()).toContain('Unknown scenario "nope"');
  });

  test('a registry file with a bad entry names the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-'));
    const f = join(dir, 'clusters.yaml');
    writeFileSync(f, 'clusters:\n  - name: prod\n    token: x\n');
    const io = capture();
    expect(await main(['skew', 'prod', '--clusters', f], io)).toBe(1);
    expect(io.stderr()).toContain('clusters[0].server is missing');
  });

  test('an unreachable cluster exits 1 and says what could not be read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-'));
    const f = join(dir, 'clusters.yaml');
    writeFileSync(f, 'clusters:\n  - name: gone\n    server: https://127.0.0.1:1\n    token: abc\n');
    const io = capture();
    expect(await main(['ipam', 'gone', '--clusters', f], io)).toBe(1);
    expect(io.stdout()).toMatch(/could not read nodes: nodes: connection failed \(ECONNREFUSED\)/);
  });

  test('diagnose reads stdin and prints the cause; --json is machine-readable', async () => {
    const io = capture(
      'E0101 00:00:00.000000 1 authentication.go:70] "Unable to authenticate the request" err="[invalid bearer token, service account token is not valid yet]"',
    );
    expect(await main(['diagnose'], io)).toBe(0);
    expect(io.stdout()).toContain('token/not-yet-valid');
    const io2 = capture('no IP addresses available in range set: 10.42.1.1-10.42.1.254');
    expect(await main(['diagnose', '-', '--json', '--fail-on', 'critical'], io2)).toBe(3);
    expect(JSON.parse(io2.stdout()).findings[0].code).toBe('ipam/range-exhausted');
  });

  test('clusters lists the sandbox without tokens', async () => {
    const io = capture();
    expect(await main(['clusters'], io)).toBe(0);
    expect(io.stdout()).toMatch(/^sandbox\s/m);
  });

  test('report --since-last previews the daily report with history: new, then fixed', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kt-hist-'));
    const io1 = { ...capture(), env: { HOME: home } };
    expect(await main(['report', '--since-last', '--scenario', 'seed-004-ip-leak'], io1)).toBe(0);
    expect(io1.stdout()).toMatch(/sandbox: new 1 · still broken 0 · fixed 0\n\s+NEW\s+CRITICAL agent-1/);
    const io2 = { ...capture(), env: { HOME: home } };
    expect(await main(['report', '--since-last', '--scenario', 'healthy'], io2)).toBe(0);
    expect(io2.stdout()).toMatch(/sandbox: new 0 · still broken 0 · fixed 1\n\s+FIXED\s+agent-1/);
  });

  test('a kubeconfig context is a cluster: --kubeconfig F --context C', async ({ sandbox }) => {
    const sb = await sandbox('seed-004-ip-leak');
    const dir = mkdtempSync(join(tmpdir(), 'kt-kc-'));
    const kc = join(dir, 'config');
    writeFileSync(kc, sb.kubeconfig('lab'));
    const io = capture();
    expect(await main(['ipam', '--kubeconfig', kc, '--context', 'lab', '--json'], io)).toBe(0);
    const j = JSON.parse(io.stdout());
    expect(j.cluster).toBe('lab');
    expect(j.findings.map((f: { code: string }) => f.code)).toEqual(['ipam/range-exhausted']);
    const io2 = capture();
    expect(await main(['clusters', '--kubeconfig', kc], io2)).toBe(0);
    expect(io2.stdout()).toMatch(/^lab\s+https:\/\/127\./m);
  });
});
