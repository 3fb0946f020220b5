// Description rules (people's words for a cause) do not read a component's structured log lines: on a
// long log they scan only the prose between (src/diagnose/index.ts STRUCTURED_LOG_RE). Signatures
// still read every line.
import { describe, expect, it } from 'vitest';
import { diagnose, RULES } from '../../src/diagnose/index.js';
import { DESCRIPTION_RULES } from '../../src/diagnose/rules/describe.js';

const NOW = new Date('2026-12-02T10:01:00Z');
const SENTENCE = 'We found that the clocks of the nodes are out of sync in our kubernetes cluster.';
const codes = (text: string) => diagnose(text, NOW).findings.map((f) => f.code);

describe('description rules and structured log lines', () => {
  it('a sentence told by a person is read as a description', () => {
    expect(codes(SENTENCE)).toContain('skew/node-clock');
    // Between log lines, too.
    const klog =
      'I0401 00:02:29.120000    3553 kuberuntime_manager.go:1012] "Creating container in pod" pod="default/web-1"';
    expect(codes(`${klog}\n${SENTENCE}\n${klog}`)).toContain('skew/node-clock');
  });

  it.each([
    ['klog', `I0401 00:02:29.120000    3553 kubelet.go:100] "${SENTENCE}"`],
    [
      'klog under syslog',
      `Apr  1 00:02:29 node-2 kubelet[3553]: I0401 00:02:29.120000    3553 kubelet.go:100] ${SENTENCE}`,
    ],
    ['logfmt', `time="2024-04-01T00:02:27.000000000+08:00" level=info msg="${SENTENCE}"`],
    ['a JSON record', `{"level":"info","ts":"2026-12-02T10:00:00.000Z","msg":"${SENTENCE}"}`],
  ])('the same words as a component’s %s line are not', (_, line) => {
    expect(codes(line)).not.toContain('skew/node-clock');
  });

  it('signatures still read structured log lines', () => {
    expect(
      codes(
        'E0401 00:02:26.604914    1390 authentication.go:70] "Unable to authenticate the request" err="[invalid bearer token, service account token is not valid yet]"',
      ),
    ).toContain('token/not-yet-valid');
  });

  it('marks the description rules, and not the signatures', () => {
    expect(RULES.filter((r) => r.prose).length).toBeGreaterThanOrEqual(40);
    for (const r of DESCRIPTION_RULES) expect(r.prose, r.id).toBe(true);
    for (const id of ['sa-token-not-valid-yet', 'host-local-range-exhausted', 'calico-ipam-exhausted'])
      expect(RULES.find((r) => r.id === id)?.prose, id).toBeFalsy();
  });
});
