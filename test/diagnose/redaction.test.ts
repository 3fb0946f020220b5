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
    `git clone https://ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789@github.com/x/y\nkubectl get pods: ${ERR}`,
    'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
  ],
  [
    'Azure AccountKey',
    `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==;EndpointSuffix=core.windows.net ${ERR}`,
    'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==',
  ],
  // The red-team forms of issue #23: each leaked before.
  [
    'tls.key mid-line',
    `kubectl get secret web-tls -o jsonpath='{.data}': map[tls.crt:LS0tLS1CRUdJTiBDRVJU tls.key:LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2UUlC] ${ERR}`,
    'LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2UUlC',
  ],
  ['--token <value>', `kubectl --token opaque42tokenvalue get pods: ${ERR}`, 'opaque42tokenvalue'],
  [
    'docker config auth',
    `{"auths":{"registry.example.com":{"auth":"cm9ib3Q6c3VwZXJzZWNyZXRwYXNz"}}} ${ERR}`,
    'cm9ib3Q6c3VwZXJzZWNyZXRwYXNz',
  ],
  [
    '.dockerconfigjson',
    `  .dockerconfigjson: eyJhdXRocyI6eyJyZWdpc3RyeS5leGFtcGxlLmNvbSI6eyJhdXRoIjoiY205aWIzUT0ifX19\n${ERR}`,
    'eyJhdXRocyI6eyJyZWdpc3RyeS5leGFtcGxlLmNvbSI6eyJhdXRoIjoiY205aWIzUT0ifX19',
  ],
  [
    'Slack webhook URL',
    `kube-triage posting to https://hooks.slack.com/services/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 failed\nUnable to connect to the server: ${ERR}`,
    'q1w2e3r4t5y6u7i8o9p0a1s2',
  ],
  [
    'Slack signing secret',
    `the signing secret 8f742231b10e8888abcd99aa13ef85a5 was rotated; ${ERR}`,
    '8f742231b10e8888abcd99aa13ef85a5',
  ],
  [
    'Azure SAS sig=',
    `velero pod: GET https://acct.blob.core.windows.net/c/f?sv=2022-11-02&sp=r&se=2026-01-01&sig=AbCdEf0123456789%2BghIJkl%3D\nUnable to connect to the server: ${ERR}`,
    'AbCdEf0123456789%2BghIJkl%3D',
  ],
  [
    'S3 presigned X-Amz-Signature',
    `velero pod: GET https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=9f1c2d3e4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0\nUnable to connect to the server: ${ERR}`,
    '9f1c2d3e4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
  ],
  ['curl -u user:password', `curl -u admin:Pa55w0rdX https://10.0.0.5:6443/api -> ${ERR}`, 'Pa55w0rdX'],
  [
    'Vault token hvs.',
    `VAULT login ok, using hvs.CAESIJ0aBcDeFgHiJkLmNoPqRsTuVwXyZ0123\nkubectl get pods: ${ERR}`,
    'hvs.CAESIJ0aBcDeFgHiJkLmNoPqRsTuVwXyZ0123',
  ],
  [
    'OpenShift sha256~ token',
    `oc login --server=https://api.ocp:6443 with sha256~AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg ${ERR}`,
    'sha256~AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg',
  ],
  [
    'Google ya29. access token',
    `gcloud printed ya29.a0AfB_byC1d2E3f4G5h6I7j8K9l0M1n2O3p4Q5r6S7 ${ERR}`,
    'ya29.a0AfB_byC1d2E3f4G5h6I7j8K9l0M1n2O3p4Q5r6S7',
  ],
  [
    'npm_ token',
    `//registry.npmjs.org/:_authToken npm_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 ${ERR}`,
    'npm_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
  ],
  [
    'Stripe sk_live_',
    `charge failed with sk_live_51HaBcDeFgHiJkLmNoPqRsTu ${ERR}`,
    'sk_live_51HaBcDeFgHiJkLmNoPqRsTu',
  ],
  [
    'OpenAI sk-proj-',
    `OPENAI key sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcdEFGH ${ERR}`,
    'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcdEFGH',
  ],
  ['lowercase basic', `> authorization: basic YWRtaW46cGFzc3dvcmQxMjM= ${ERR}`, 'YWRtaW46cGFzc3dvcmQxMjM='],
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

  test.each([
    ['TOKEN=$(cat /var/run/secrets/kubernetes.io/serviceaccount/token)'],
    ['kubectl --token "$TOKEN" get pods'],
    ['password=<your-password>'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell reference, pasted as is
    ['--token ${SA_TOKEN}'],
    ['basic auth is disabled on this cluster'],
    ['curl -u "$USER:$PASS" https://x'],
    ['  token = data.aws_eks_cluster_auth.cluster.token'],
    ['  token = aws_eks_cluster_auth.main.token'],
    ['  token = var.cluster_token'],
  ])('%s: a reference to a credential is not a credential', (line) => {
    const d = diagnose(`${line}\n${ERR}`, NOW);
    expect(d.secrets).toEqual([]);
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
