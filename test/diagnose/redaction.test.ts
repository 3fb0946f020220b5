// Redaction of what people paste (issue #13): every form is found, reported by kind, and absent
// from the quoted lines, the JSON output and the Slack blocks.
import { SignJWT } from 'jose';
import { describe, expect, test } from 'vitest';
import { diagnose } from '../../src/diagnose/index.js';
import { diagnosisMessage } from '../../src/render/blocks.js';
import { toJsonDiagnosis } from '../../src/render/json.js';
import { diagnosisText } from '../../src/render/text.js';

const NOW = new Date('2026-11-24T08:00:00Z');
const OPTS = { color: false };
const ERR = 'x509: certificate has expired or is not yet valid';

// [form, pasted line (with an error so the answer quotes it), the secret value that must not appear]
const FORMS: [string, string, string][] = [
  ['password in a URL', `Get "https://admin:S3cr3tPw9@10.0.0.5:6443/api": ${ERR}`, 'S3cr3tPw9'],
  [
    'password in a connection string',
    `dial postgres://app:pgPw_77x@db:5432/app failed, then ${ERR}`,
    'pgPw_77x',
  ],
  [
    'AWS key id and secret',
    `AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPL2 AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY ${ERR}`,
    'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY',
  ],
  ['AWS key id alone', `using AKIAIOSFODNN7EXAMPL2 for the bucket; ${ERR}`, 'AKIAIOSFODNN7EXAMPL2'],
  [
    'Authorization: Basic',
    `> Authorization: Basic YWRtaW46cGFzc3dvcmQxMjM= ${ERR}`,
    'YWRtaW46cGFzc3dvcmQxMjM=',
  ],
  ['short Bearer value', `> Authorization: Bearer abc123x ${ERR}`, 'abc123x'],
  [
    'JSON client-key-data',
    `{"client-key-data": "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=", "err": "${ERR}"}`,
    'LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=',
  ],
  ['JSON token', `{"token": "sha256~opaqueTokenValue123", "err": "${ERR}"}`, 'sha256~opaqueTokenValue123'],
  ['--token=', `kubectl --token=opaque-token-42xyz get pods: ${ERR}`, 'opaque-token-42xyz'],
  ['password=', `mysql -h db password=hunter2hunter2 ${ERR}`, 'hunter2hunter2'],
  [
    'Secret YAML tls.key',
    `  tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2Z0lCQURBTkJna3Foa2lHOXcwQkFRRUZBQVNDQktnd2dnU2tBZ0VBQW9JQkFRQzc=\n${ERR}`,
    'LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2Z0lCQURBTkJna3Foa2lHOXcwQkFRRUZBQVNDQktnd2dnU2tBZ0VBQW9JQkFRQzc=',
  ],
  [
    'Secret data key with password in its name',
    `  db-password: cGFzc3dvcmQxMjM0NTY=\n${ERR}`,
    'cGFzc3dvcmQxMjM0NTY=',
  ],
  [
    'GitHub token',
    `git clone https://ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789@github.com/x/y ${ERR}`,
    'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
  ],
  [
    'Azure AccountKey',
    `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==;EndpointSuffix=core.windows.net ${ERR}`,
    'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==',
  ],
];

describe('redaction of pasted credentials', () => {
  test.each(FORMS)('%s: found, and never echoed', (_form, text, secret) => {
    const d = diagnose(text, NOW);
    expect(d.secrets.length, 'the answer says credentials were pasted').toBeGreaterThan(0);
    expect(d.findings.length).toBeGreaterThan(0);
    const outputs = [
      JSON.stringify(toJsonDiagnosis(d)),
      JSON.stringify(diagnosisMessage(d)),
      diagnosisText(d, OPTS),
    ];
    for (const o of outputs) expect(o).not.toContain(secret);
  });

  test('words of a sentence are not mistaken for credentials', () => {
    const d = diagnose(`invalid bearer token, service account token has expired\n${ERR}`, NOW);
    expect(d.secrets).toEqual([]);
    expect(JSON.stringify(toJsonDiagnosis(d))).toContain('invalid bearer token');
  });

  test('a token whose exp has passed is expired, not live; a legacy token without exp stays live', async () => {
    const key = new TextEncoder().encode('k'.repeat(32));
    const old = await new SignJWT({ sub: 'system:serviceaccount:a:b' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(Math.floor(Date.parse('2023-01-01T00:00:00Z') / 1000))
      .setExpirationTime(Math.floor(Date.parse('2023-01-01T01:00:00Z') / 1000))
      .setIssuer('https://kubernetes.default.svc')
      .sign(key);
    const legacy = await new SignJWT({ sub: 'system:serviceaccount:a:b' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('kubernetes/serviceaccount')
      .sign(key);
    const e = diagnose(`Authorization: Bearer ${old}\n401 Unauthorized`, NOW);
    expect(e.secrets).not.toContain('service-account token (JWT)');
    expect(e.expiredSecrets).toEqual(['service-account token (JWT)']);
    expect(diagnosisText(e, OPTS)).toContain('expired credential');
    expect(diagnosisText(e, OPTS)).not.toContain('live credentials');
    const l = diagnose(`Authorization: Bearer ${legacy}\n401 Unauthorized`, NOW);
    expect(l.secrets).toContain('service-account token (JWT)');
    expect(l.expiredSecrets).toEqual([]);
  });
});
