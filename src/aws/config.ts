/**
 * Secrets and settings for the Lambda functions: read from SSM Parameter Store under PARAM_PREFIX
 * once per cold start and cached (never placed in plain environment variables); locally, from
 * SLACK_* environment variables. Also the registry each function reads clusters from.
 * @module
 */
import type { ClusterDirectory, ClusterRegistry } from '../cluster/registry.js';
import { FileRegistry } from '../cluster/registry-file.js';
import { SsmGrantRegistry, SsmRegistry } from '../cluster/registry-ssm.js';
import { type Ledger, MemoryLedger } from '../core/ledger.js';
import type { FleetDeps } from '../jobs/fleet.js';
import { DynamoRunStore, type RunStore } from '../report/runs.js';
import { DynamoLedger, DynamoStore } from '../report/store.js';
import { type SlackConfig, slackConfigFromEnv } from '../slack/config.js';
import { consoleLog, postIntervalMs, SLACK_API_URL } from '../slack/deliver.js';

let cached: Promise<SlackConfig> | undefined;

/** Tries of the SSM read at cold start, and the first backoff, ms (doubling): within the ack budget. */
const SSM_TRIES = 3;
const SSM_BACKOFF_MS = 150;

/**
 * Whether this function runs in a local stage (osls offline, tests): serverless.yml sets
 * KT_STAGE_KIND from infra/aws/local-env.cjs. Only there are SLACK_* values from the environment
 * and a Slack API URL other than Slack's honoured.
 */
export function isLocalStage(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.KT_STAGE_KIND === 'local' || (!env.PARAM_PREFIX && env.KT_STAGE_KIND !== 'deployed');
}

/**
 * Slack credentials: SSM `${PARAM_PREFIX}/slack/{signing-secret,bot-token,bot-id,bot-user-id}`, else
 * env (local stages). Cached once it succeeds; a failed read (throttling) is retried with backoff
 * and never cached, so the next invocation tries again instead of failing until recycled.
 */
export function slackConfig(env: NodeJS.ProcessEnv = process.env): Promise<SlackConfig> {
  cached ??= loadSlackConfig(env);
  const p = cached;
  p.catch(() => {
    if (cached === p) cached = undefined;
  });
  return p;
}

async function loadSlackConfig(env: NodeJS.ProcessEnv): Promise<SlackConfig> {
  {
    const prefix = env.PARAM_PREFIX;
    const local = isLocalStage(env);
    // SLACK_SIGNING_SECRET in the environment is for local stages only (osls offline, tests).
    if (prefix && !(local && env.SLACK_SIGNING_SECRET)) {
      const names = ['signing-secret', 'bot-token', 'bot-id', 'bot-user-id'].map(
        (n) => `${prefix}/slack/${n}`,
      );
      // Loaded on first use: the SDK is not on every cold start's path.
      const { GetParametersCommand, SSMClient } = await import('@aws-sdk/client-ssm');
      const client = new SSMClient({});
      const out = await withBackoff(() =>
        client.send(new GetParametersCommand({ Names: names, WithDecryption: true })),
      );
      const v = (n: string): string =>
        out.Parameters?.find((p) => p.Name === `${prefix}/slack/${n}`)?.Value ?? '';
      return {
        signingSecret: v('signing-secret'),
        botToken: v('bot-token'),
        botId: v('bot-id'),
        botUserId: v('bot-user-id'),
        // Deployed stages talk to Slack's own API only.
        ...(local && env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}),
      };
    }
    return slackConfigFromEnv(env, { allowApiUrl: local });
  }
}

/** Runs `fn` up to SSM_TRIES times, doubling the wait after each failure; rethrows the last. */
export async function withBackoff<T>(
  fn: () => Promise<T>,
  tries = SSM_TRIES,
  firstMs = SSM_BACKOFF_MS,
): Promise<T> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      return await fn();
    } catch (e) {
      last = e;
      if (i < tries - 1) await new Promise((r) => setTimeout(r, firstMs * 2 ** i));
    }
  }
  throw new Error('while reading SSM parameters', { cause: last });
}

/** Forgets the cached configuration (tests). */
export function resetSlackConfig(): void {
  cached = undefined;
}

const registries = new Map<string, ClusterRegistry>();

/**
 * Cluster records: KUBE_TRIAGE_CLUSTERS (a YAML file, local stages) or SSM under PARAM_PREFIX. One
 * registry per container, so its record cache (REGISTRY_TTL) outlives an invocation.
 */
export function functionRegistry(env: NodeJS.ProcessEnv = process.env): ClusterRegistry {
  const key = env.KUBE_TRIAGE_CLUSTERS ? `file:${env.KUBE_TRIAGE_CLUSTERS}` : `ssm:${env.PARAM_PREFIX ?? ''}`;
  let r = registries.get(key);
  if (!r) {
    if (env.KUBE_TRIAGE_CLUSTERS) r = new FileRegistry(env.KUBE_TRIAGE_CLUSTERS);
    else if (env.PARAM_PREFIX) r = new SsmRegistry(env.PARAM_PREFIX);
    else throw new Error('no cluster registry: set PARAM_PREFIX (SSM) or KUBE_TRIAGE_CLUSTERS (file)');
    registries.set(key, r);
  }
  return r;
}

let directory: ClusterDirectory | undefined;

/**
 * Cluster names and channel grants for the Slack ingress: SSM `${PARAM_PREFIX}/grants/*` (no tokens:
 * the ingress role cannot read `clusters/*`), or the local registry file in local stages.
 */
export function functionDirectory(env: NodeJS.ProcessEnv = process.env): ClusterDirectory {
  if (env.KUBE_TRIAGE_CLUSTERS) return functionRegistry(env);
  if (!env.PARAM_PREFIX)
    throw new Error('no cluster directory: set PARAM_PREFIX (SSM) or KUBE_TRIAGE_CLUSTERS (file)');
  directory ??= new SsmGrantRegistry(env.PARAM_PREFIX);
  return directory;
}

let ledger: Ledger | undefined;

/**
 * The ledger (dedupe, single flight, rate limits): the DynamoDB history table in deployed stages,
 * memory in local ones (osls offline has no DynamoDB; each local function is one process anyway).
 */
export function functionLedger(env: NodeJS.ProcessEnv = process.env): Ledger {
  const local = isLocalStage(env);
  ledger ??=
    env.HISTORY_TABLE && (!local || env.DYNAMODB_ENDPOINT)
      ? new DynamoLedger(env.HISTORY_TABLE, dynamoOptions(env))
      : new MemoryLedger();
  return ledger;
}

/** DynamoDB's endpoint: DYNAMODB_ENDPOINT in local stages (dynalite under osls offline), else AWS's. */
function dynamoOptions(env: NodeJS.ProcessEnv): { endpoint?: string } {
  return isLocalStage(env) && env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {};
}

let store: DynamoStore | undefined;

/** The history table (report history, mutes), one client per container. */
export function functionStore(env: NodeJS.ProcessEnv = process.env): DynamoStore {
  store ??= new DynamoStore(env.HISTORY_TABLE ?? 'kube-triage-history', dynamoOptions(env));
  return store;
}

/** Fleet runs in the history table (jobs/fleet.ts). */
export function functionRuns(env: NodeJS.ProcessEnv = process.env): RunStore {
  return new DynamoRunStore(env.HISTORY_TABLE ?? 'kube-triage-history', functionStore(env));
}

let scanRegistry: ClusterRegistry | undefined;

/**
 * Cluster records for a fleet scan: one SSM parameter per invocation (`perName`), or the local
 * registry file in local stages.
 */
export function functionScanRegistry(env: NodeJS.ProcessEnv = process.env): ClusterRegistry {
  if (env.KUBE_TRIAGE_CLUSTERS || !env.PARAM_PREFIX) return functionRegistry(env);
  scanRegistry ??= new SsmRegistry(env.PARAM_PREFIX, undefined, { perName: true });
  return scanRegistry;
}

/** What the fleet report's steps need in a function: the table, Slack, the log. */
export async function fleetDeps(env: NodeJS.ProcessEnv = process.env): Promise<FleetDeps> {
  const cfg = await slackConfig(env);
  return {
    runs: functionRuns(env),
    history: functionStore(env),
    slack: { apiUrl: cfg.slackApiUrl ?? SLACK_API_URL, token: cfg.botToken },
    log: consoleLog,
    intervalMs: postIntervalMs(env),
  };
}
