// A text's shape is not its meaning: the same log pasted lower-cased, indented, quoted or as a
// container runtime's JSON lines gets the same answer (scripts/corpus-transforms.ts measures this
// over the dev corpus; these are the decoders' cases it found).
import { describe, expect, test } from 'vitest';
import { diagnose } from '../../src/diagnose/index.js';

const NOW = new Date('2026-11-24T08:00:00Z');
const codes = (text: string) => diagnose(text, NOW).findings.map((f) => f.code);
const perLine = (f: (l: string) => string) => (t: string) => t.split('\n').map(f).join('\n');

const SHAPES: [string, (t: string) => string][] = [
  ['as pasted', (t) => t],
  ['lower-cased', (t) => t.toLowerCase()],
  ['indented', perLine((l) => `    ${l}`)],
  ['quoted', perLine((l) => `> ${l}`)],
  [
    'container JSON log',
    perLine((l) => JSON.stringify({ log: `${l}\n`, stream: 'stderr', time: '2024-01-01T00:00:00Z' })),
  ],
];

describe('a syslog timeline that runs backwards is a clock jump in every shape', () => {
  const log = [
    'Mar 14 19:05:08 worker-3 systemd[1]: Started kubelet.service.',
    'Mar 14 19:05:10 worker-3 kubelet[2429]: I0314 19:05:10.425676    2429 kubelet.go:2100] SyncLoop (PLEG)',
    'Mar 14 11:04:53 worker-3 kubelet[2429]: I0314 11:04:53.000001    2429 kubelet.go:2100] SyncLoop (PLEG)',
  ].join('\n');
  test.each(SHAPES)('%s', (_name, shape) => {
    expect(codes(shape(log))).toContain('skew/clock-jump');
  });
});

test.each(['...', '…', '[...]', '[snip]', '(truncated)'])(
  'two excerpts of a log with %s between them are not one timeline that runs backwards',
  (mark) => {
    const first = 'I0521 14:47:08.960811   31083 update_cluster.go:313] Exporting kubecfg for cluster';
    const second =
      'W0521 14:44:51.631147   30814 validate_cluster.go:173] (will retry): unexpected error during validation: error listing nodes: Unauthorized';
    expect(codes([first, mark, second].join('\n'))).not.toContain('skew/clock-jump');
    // The same lines with nothing left out between them do run backwards.
    expect(codes([first, second].join('\n'))).toContain('skew/clock-jump');
  },
);

describe("openssl's dates of a webhook's caBundle, in any case", () => {
  const dates = [
    "# kubectl get validatingwebhookconfiguration policy-cfg -o json | jq -r '.webhooks[0].clientConfig.caBundle' | base64 -d | openssl x509 -noout -dates",
    'notBefore=Jul 11 08:36:23 2024 GMT',
    'notAfter=Jul 11 09:36:23 2025 GMT',
  ].join('\n');
  test.each(SHAPES.slice(0, 2))('%s', (_name, shape) => {
    expect(codes(shape(dates))[0]).toBe('cert/webhook-expiry');
  });
});

test("a terminal's wrap that puts a date from a message's middle near a line's start is not a timeline step", () => {
  const line =
    'time="2020-05-06T05:17:59Z" level=warning msg="access denied" client="127.0.0.1:55512" error="input token expired at 2020-05-06 01:09:00 +0000 UTC" method=POST';
  // Cut at a fixed width, as a terminal does, a few characters before the date.
  const at = line.indexOf('2020-05-06 01:09') - 8;
  const wrapped = `${line.slice(0, at)}\n${line.slice(at)}`;
  expect(codes(line)).not.toContain('skew/clock-jump');
  expect(codes(wrapped)).not.toContain('skew/clock-jump');
});

test("a time zone named in the next sentence (a table's UTC column) does not silence the clock sentence before it", () => {
  const oneLine =
    "It looks like the talos nodes aren't syncing their clocks properly. NODE  NTP-SERVER  NODE-TIME 10.0.0.102  pool.ntp.org  2023-04-12 11:43:52.4 +0000 UTC";
  expect(codes(oneLine)).toContain('skew/node-clock');
  // The time zone in the clock sentence itself is a display offset, as before.
  expect(
    codes('On our kubelet nodes the time inside my pod is 8 hours behind the node: the container uses UTC.'),
  ).toEqual([]);
});

test('a container JSON log line is stamped by its time field, not by a date inside its message', () => {
  const record = (log: string, time: string) => JSON.stringify({ log: `${log}\n`, stream: 'stderr', time });
  const page = [
    record('CoreDNS ServiceAccount Token notice', '2024-06-01T10:00:00Z'),
    record('last updated: 2024-04-12 14:58:21', '2024-06-01T10:00:01Z'),
    record('restart the CoreDNS pods', '2024-06-01T10:00:02Z'),
  ].join('\n');
  expect(codes(page)).not.toContain('skew/clock-jump');
  // Records whose own times run backwards are a clock that went back.
  const stepped = [
    record('I0601 10:00:00 kubelet started', '2024-06-01T10:00:00Z'),
    record('I0601 10:05:00 kubelet synced', '2024-06-01T10:05:00Z'),
    record('I0601 09:00:00 kubelet synced', '2024-06-01T09:00:00Z'),
  ].join('\n');
  expect(codes(stepped)).toContain('skew/clock-jump');
});
