/**
 * `kube-triage register`: checks a read-only identity against a cluster and stores the record in the
 * YAML registry. Prints the `kubectl apply -k infra/k8s` step for the operator; kube-triage itself
 * never writes to the cluster. Refuses an identity that can write anything or read Secrets.
 * @module
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { checkIdentity } from '../cluster/identity.js';
import type { ClusterRecord } from '../cluster/registry.js';
import { parseRegistryYaml } from '../cluster/registry-file.js';
import { KubeconfigRegistry } from '../cluster/registry-kubeconfig.js';
import { Secret } from '../core/secret.js';

/** Options of `register`. */
export interface RegisterOptions {
  readonly context?: string;
  readonly kubeconfig?: string;
  readonly server?: string;
  readonly ca?: string;
  readonly tokenFile?: string;
  readonly clusters: string;
  readonly channels?: string;
  readonly kubeletsReachable?: boolean;
  /** Where to store the record: the YAML file (default) or SSM under this prefix ("/kube-triage/prod"). */
  readonly store?: 'file' | 'ssm';
  readonly ssmPrefix?: string;
  /** SSM endpoint override (tests, LocalStack). */
  readonly ssmEndpoint?: string;
  /** Register even when the apiserver could not list every rule (`incomplete: true`). */
  readonly acceptIncomplete?: boolean;
}

/** The outcome, for the CLI to print. */
export interface RegisterResult {
  readonly ok: boolean;
  readonly lines: readonly string[];
}

/** Registers `name`; resolves to what to print and whether it succeeded. */
export async function register(
  name: string,
  o: RegisterOptions,
  signal: AbortSignal,
): Promise<RegisterResult> {
  const lines = [
    'Before registering, an operator creates the read-only identity (kube-triage never writes to a cluster):',
    '  kubectl apply -k infra/k8s',
    '  kubectl create token kube-triage -n kube-triage --duration=8760h > kube-triage.token',
    '  # (a token that never expires instead: kubectl apply -f infra/k8s/token-secret.yaml, opt-in)',
    '',
  ];
  let server = o.server;
  let caData = o.ca ? readFileSync(o.ca, 'utf8') : '';
  if (o.context) {
    const kc = new KubeconfigRegistry(o.kubeconfig ?? `${process.env.HOME}/.kube/config`);
    const ctx = await kc.get(o.context);
    if (!ctx) return { ok: false, lines: [...lines, `Unknown kubeconfig context "${o.context}".`] };
    server ??= ctx.server;
    if (!caData) caData = ctx.caData;
  }
  if (!server) return { ok: false, lines: [...lines, 'Give --context, or --server (with --ca).'] };
  if (!o.tokenFile)
    return { ok: false, lines: [...lines, 'Give --token-file with the kube-triage service account token.'] };
  let token: string;
  try {
    token = readFileSync(o.tokenFile, 'utf8').trim();
  } catch {
    return { ok: false, lines: [...lines, `Cannot read ${o.tokenFile}.`] };
  }
  const record: ClusterRecord = {
    name,
    server,
    caData,
    auth: { kind: 'token', token: new Secret(token) },
    endpoints: [],
    channels: o.channels
      ? o.channels
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean)
      : [],
    kubeletsReachable: o.kubeletsReachable === true,
    source: o.clusters,
  };
  const check = await checkIdentity(record, signal);
  if (check.error)
    return { ok: false, lines: [...lines, `Could not check the identity on ${server}: ${check.error}`] };
  const unverified = check.incomplete.length > 0 && !o.acceptIncomplete;
  if (check.problems.length > 0 || unverified) {
    return {
      ok: false,
      lines: [
        ...lines,
        ...(check.problems.length > 0
          ? [
              `Refusing to register "${name}": this token can do more than read. kube-triage must only read, and must not read Secrets or logs, or reach into nodes and containers:`,
              ...check.problems.map((p) => `  - ${p}`),
            ]
          : [`Refusing to register "${name}": it could not be verified as read-only.`]),
        ...(check.incomplete.length > 0
          ? [
              'The apiserver could not list every rule of this token (rules review incomplete), so part of what it may do is unknown:',
              ...check.incomplete.map((p) => `  - ${p}`),
              ...(check.problems.length === 0
                ? [
                    'Check the identity by hand (kubectl auth can-i --list), then run register again with --accept-incomplete.',
                  ]
                : []),
            ]
          : []),
        'Use the token of the kube-triage service account from infra/k8s.',
      ],
    };
  }
  const entry = {
    name,
    server,
    ...(caData ? { ca: caData } : {}),
    token,
    ...(record.channels.length ? { channels: record.channels } : {}),
    ...(record.kubeletsReachable ? { kubeletsReachable: true } : {}),
  };
  if (o.store === 'ssm') {
    const prefix = (o.ssmPrefix ?? '').replace(/\/$/, '');
    if (!prefix.startsWith('/'))
      return {
        ok: false,
        lines: [
          ...lines,
          'Give --ssm-prefix, e.g. /kube-triage/prod (the PARAM_PREFIX of the deployed functions).',
        ],
      };
    const { PutParameterCommand, SSMClient } = await import('@aws-sdk/client-ssm');
    const client = new SSMClient(o.ssmEndpoint ? { endpoint: o.ssmEndpoint } : {});
    const paramName = `${prefix}/clusters/${name}`;
    try {
      await client.send(
        new PutParameterCommand({
          Name: paramName,
          Type: 'SecureString',
          Overwrite: true,
          Value: JSON.stringify(entry),
        }),
      );
      // The grant, apart from the token: the Slack ingress reads only these.
      await client.send(
        new PutParameterCommand({
          Name: `${prefix}/grants/${name}`,
          Type: 'String',
          Overwrite: true,
          Value: JSON.stringify({ name, server, channels: record.channels }),
        }),
      );
    } catch (e) {
      return { ok: false, lines: [...lines, `Could not write ${paramName}: ${(e as Error).name}`] };
    }
    return {
      ok: true,
      lines: [
        ...lines,
        `Checked ${server} (${check.version}): ${check.rules} rules in ${check.namespaces} namespaces, read-only${check.incomplete.length ? ' as far as the apiserver could tell (--accept-incomplete)' : ''}.`,
        `Registered "${name}" as SSM SecureString ${paramName} (channel grant in ${prefix}/grants/${name}).`,
      ],
    };
  }
  // Store: replace an entry of the same name, keep the others.
  const doc = existsSync(o.clusters)
    ? ((parse(readFileSync(o.clusters, 'utf8')) as { clusters?: Record<string, unknown>[] } | null) ?? {})
    : {};
  const clusters = (doc.clusters ?? []).filter((c) => c.name !== name);
  clusters.push(entry);
  const text = stringify({ clusters });
  parseRegistryYaml(text, o.clusters, '.');
  writeFileSync(o.clusters, text, { mode: 0o600 });
  // mode applies only when the file is created: an existing file (0644) holds tokens too.
  chmodSync(o.clusters, 0o600);
  return {
    ok: true,
    lines: [
      ...lines,
      `Checked ${server} (${check.version}): ${check.rules} rules in ${check.namespaces} namespaces, read-only${check.incomplete.length ? ' as far as the apiserver could tell (--accept-incomplete)' : ''}.`,
      `Registered "${name}" in ${o.clusters} (token stored there; keep the file private).`,
    ],
  };
}
