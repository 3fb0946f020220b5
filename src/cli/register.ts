/**
 * `kube-triage register`: checks a read-only identity against a cluster and stores the record in the
 * YAML registry. Prints the `kubectl apply -k infra/k8s` step for the operator; kube-triage itself
 * never writes to the cluster. Refuses an identity that can write anything or read Secrets.
 * @module
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { auditBindings, type BindingAudit, serviceAccountOf } from '../cluster/bindings.js';
import { checkIdentity, type IdentityCheck } from '../cluster/identity.js';
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

/** What the operator does first, printed before any outcome. */
const PREAMBLE = [
  'Before registering, an operator creates the read-only identity (kube-triage never writes to a cluster):',
  '  kubectl apply -k infra/k8s',
  '  kubectl create token kube-triage -n kube-triage --duration=8760h > kube-triage.token',
  '  # (a token that never expires instead: kubectl apply -f infra/k8s/token-secret.yaml, opt-in)',
  '',
];

/** The entry stored for a cluster (the registry file's shape; SSM holds it as JSON). */
type Entry = {
  name: string;
  server: string;
  ca?: string;
  token: string;
  channels?: string[];
  kubeletsReachable?: true;
};

/** Registers `name`; resolves to what to print and whether it succeeded. */
export async function register(
  name: string,
  o: RegisterOptions,
  signal: AbortSignal,
): Promise<RegisterResult> {
  const fail = (...more: string[]): RegisterResult => ({ ok: false, lines: [...PREAMBLE, ...more] });
  const target = await targetOf(o);
  if (typeof target === 'string') return fail(target);
  const { server, caData, token } = target;
  const record: ClusterRecord = {
    name,
    server,
    caData,
    auth: { kind: 'token', token: new Secret(token) },
    endpoints: [],
    channels: (o.channels ?? '')
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean),
    kubeletsReachable: o.kubeletsReachable === true,
    source: o.clusters,
  };
  const identity = await checkIdentity(record, signal);
  if (identity.error) return fail(`Could not check the identity on ${server}: ${identity.error}`);
  const audit = await bindingAudit(token, target.admin, signal);
  const check: IdentityCheck = {
    ...identity,
    problems: [...new Set([...identity.problems, ...audit.problems])],
    incomplete: [...identity.incomplete, ...audit.incomplete],
  };
  if (check.problems.length > 0 || (check.incomplete.length > 0 && !o.acceptIncomplete))
    return fail(...refusal(name, check));
  const entry: Entry = {
    name,
    server,
    ...(caData ? { ca: caData } : {}),
    token,
    ...(record.channels.length ? { channels: [...record.channels] } : {}),
    ...(record.kubeletsReachable ? { kubeletsReachable: true } : {}),
  };
  const stored = o.store === 'ssm' ? await storeInSsm(entry, o) : storeInFile(entry, o.clusters);
  if (!stored.ok) return fail(stored.line);
  const asFar = check.incomplete.length ? ' as far as the apiserver could tell (--accept-incomplete)' : '';
  return {
    ok: true,
    lines: [
      ...PREAMBLE,
      `Checked ${server} (${check.version}): ${check.rules} rules in ${check.namespaces} namespaces, read-only${asFar}.`,
      audit.bindings < 0
        ? 'Bindings not audited: give --context (a kubeconfig context with your own credentials) to read every RoleBinding and ClusterRoleBinding of the identity; a Role in a namespace it cannot see is otherwise not checked.'
        : `Audited ${audit.bindings} binding${audit.bindings === 1 ? '' : 's'} naming it, its groups or system:authenticated (with the --context credentials).`,
      stored.line,
    ],
  };
}

/**
 * Every binding of the token's service account, audited with the operator's own credentials (the
 * --context user). Without --context there are none: bindings -1, and register says it did not audit.
 */
async function bindingAudit(
  token: string,
  admin: ClusterRecord | undefined,
  signal: AbortSignal,
): Promise<BindingAudit> {
  const none = (why: string): BindingAudit => ({ problems: [], incomplete: [why], bindings: 0 });
  if (!admin) return { problems: [], incomplete: [], bindings: -1 };
  const sa = serviceAccountOf(token);
  if (!sa)
    return none(
      'bindings not audited: the token is not a service-account token (no system:serviceaccount: subject)',
    );
  return auditBindings(admin, sa, signal);
}

/** The server, CA and token from --context (a kubeconfig) or --server/--ca, and --token-file; or what is missing. */
async function targetOf(
  o: RegisterOptions,
): Promise<{ server: string; caData: string; token: string; admin?: ClusterRecord } | string> {
  let server = o.server;
  let caData = o.ca ? readFileSync(o.ca, 'utf8') : '';
  let admin: ClusterRecord | undefined;
  if (o.context) {
    const kc = new KubeconfigRegistry(o.kubeconfig ?? `${process.env.HOME}/.kube/config`);
    const ctx = await kc.get(o.context);
    if (!ctx) return `Unknown kubeconfig context "${o.context}".`;
    server ??= ctx.server;
    if (!caData) caData = ctx.caData;
    admin = ctx;
  }
  if (!server) return 'Give --context, or --server (with --ca).';
  if (!o.tokenFile) return 'Give --token-file with the kube-triage service account token.';
  try {
    return { server, caData, token: readFileSync(o.tokenFile, 'utf8').trim(), ...(admin ? { admin } : {}) };
  } catch {
    return `Cannot read ${o.tokenFile}.`;
  }
}

/** Why an identity is refused: what it can do beyond reading, or what the apiserver could not say. */
function refusal(name: string, check: IdentityCheck): string[] {
  const lines =
    check.problems.length > 0
      ? [
          `Refusing to register "${name}": this token can do more than read. kube-triage must only read, and must not read Secrets or logs, or reach into nodes and containers:`,
          ...check.problems.map((p) => `  - ${p}`),
        ]
      : [`Refusing to register "${name}": it could not be verified as read-only.`];
  if (check.incomplete.length > 0) {
    lines.push(
      'Part of what this token may do could not be verified (an incomplete rules review, or bindings that could not be audited):',
      ...check.incomplete.map((p) => `  - ${p}`),
    );
    if (check.problems.length === 0)
      lines.push(
        'Check the identity by hand (kubectl auth can-i --list), then run register again with --accept-incomplete.',
      );
  }
  lines.push('Use the token of the kube-triage service account from infra/k8s.');
  return lines;
}

type Stored = { ok: boolean; line: string };

/** SSM: the record as a SecureString, and the channel grant apart (the Slack ingress reads only grants). */
async function storeInSsm(entry: Entry, o: RegisterOptions): Promise<Stored> {
  const prefix = (o.ssmPrefix ?? '').replace(/\/$/, '');
  if (!prefix.startsWith('/'))
    return {
      ok: false,
      line: 'Give --ssm-prefix, e.g. /kube-triage/prod (the PARAM_PREFIX of the deployed functions).',
    };
  const { PutParameterCommand, SSMClient } = await import('@aws-sdk/client-ssm');
  const client = new SSMClient(o.ssmEndpoint ? { endpoint: o.ssmEndpoint } : {});
  const { name, server } = entry;
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
    const grant = JSON.stringify({ name, server, channels: entry.channels ?? [] });
    await client.send(
      new PutParameterCommand({
        Name: `${prefix}/grants/${name}`,
        Type: 'String',
        Overwrite: true,
        Value: grant,
      }),
    );
  } catch (e) {
    return { ok: false, line: `Could not write ${paramName}: ${(e as Error).name}` };
  }
  return {
    ok: true,
    line: `Registered "${name}" as SSM SecureString ${paramName} (channel grant in ${prefix}/grants/${name}).`,
  };
}

/** The registry file: replaces an entry of the same name, keeps the others, 0600 (it holds tokens). */
function storeInFile(entry: Entry, path: string): Stored {
  const doc = existsSync(path)
    ? ((parse(readFileSync(path, 'utf8')) as { clusters?: Record<string, unknown>[] } | null) ?? {})
    : {};
  const clusters = (doc.clusters ?? []).filter((c) => c.name !== entry.name);
  clusters.push(entry);
  const text = stringify({ clusters });
  parseRegistryYaml(text, path, '.');
  writeFileSync(path, text, { mode: 0o600 });
  // mode applies only when the file is created: an existing file (0644) holds tokens too.
  chmodSync(path, 0o600);
  return {
    ok: true,
    line: `Registered "${entry.name}" in ${path} (token stored there; keep the file private).`,
  };
}
