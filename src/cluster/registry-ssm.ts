/**
 * Cluster records from AWS SSM Parameter Store, for Lambda: one SecureString JSON per cluster under
 * a prefix (`/kube-triage/<stage>/clusters/<name>`). The JSON has the fields of the YAML registry
 * (name, server, ca, token, endpoints, channels, kubeletsReachable). Records are cached for
 * REGISTRY_TTL_MS (a revoked channel or a rotated token takes effect within it, with no cold start);
 * a failed read is never cached.
 * @module
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import { SSM_MAX_PAGES } from '../core/limits.js';
import type { ClusterDirectory, ClusterGrant, ClusterRecord, ClusterRegistry } from './registry.js';
import { parseRegistryYaml, RegistryError } from './registry-file.js';

/**
 * How long cluster records (and so channel grants) are cached, ms: KUBE_TRIAGE_REGISTRY_TTL_S
 * seconds, default 60. Short enough that revoking a channel works within a minute, long enough
 * that a burst of commands makes one SSM read.
 */
export function registryTtlMs(env: NodeJS.ProcessEnv = process.env): number {
  const s = Number(env.KUBE_TRIAGE_REGISTRY_TTL_S);
  return Number.isFinite(s) && s >= 0 ? s * 1000 : 60_000;
}

/** Options of the SSM registries: the cache lifetime and a clock (tests). */
export interface SsmCacheOptions {
  readonly ttlMs?: number;
  readonly now?: () => number;
}

/**
 * A value loaded on demand and kept for a while: reloaded after `ttlMs`, and never kept when the load
 * failed (a throttled SSM read at cold start must not poison the container).
 */
class Expiring<T> {
  #value?: Promise<T>;
  #loadedAt = 0;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(o: SsmCacheOptions) {
    this.#ttlMs = o.ttlMs ?? registryTtlMs();
    this.#now = o.now ?? Date.now;
  }

  get(load: () => Promise<T>): Promise<T> {
    if (this.#value && this.#now() - this.#loadedAt > this.#ttlMs) this.#value = undefined;
    if (this.#value) return this.#value;
    this.#loadedAt = this.#now();
    const p = load();
    this.#value = p;
    p.catch(() => {
      if (this.#value === p) this.#value = undefined;
    });
    return p;
  }
}

/** Every parameter directly under `path` (paged), as parsed JSON with its name. */
async function readJsonByPath(
  client: SSMClient | undefined,
  path: string,
  decrypt: boolean,
): Promise<{ name: string; value: unknown }[]> {
  // The SDK is loaded on first use, not at cold start.
  const { GetParametersByPathCommand, SSMClient: Client } = await import('@aws-sdk/client-ssm');
  const c = client ?? new Client({});
  const out: { name: string; value: unknown }[] = [];
  let next: string | undefined;
  for (let page = 0; page < SSM_MAX_PAGES; page++) {
    const r = await c.send(
      new GetParametersByPathCommand({
        Path: path,
        WithDecryption: decrypt,
        Recursive: false,
        MaxResults: 10,
        ...(next ? { NextToken: next } : {}),
      }),
    );
    for (const p of r.Parameters ?? []) {
      try {
        out.push({ name: p.Name ?? '', value: JSON.parse(p.Value ?? '') });
      } catch {
        throw new RegistryError(`SSM parameter ${p.Name} is not JSON`);
      }
    }
    next = r.NextToken;
    if (!next) break;
  }
  return out;
}

/**
 * Records under an SSM prefix (`${prefix}/clusters/*`, SecureString: they hold tokens). With
 * `perName`, `get` reads only that cluster's parameter (a fleet scan invocation needs one record;
 * reading the whole path in each of thousands of invocations would exhaust SSM's throughput).
 */
export class SsmRegistry implements ClusterRegistry {
  readonly #prefix: string;
  readonly #client?: SSMClient;
  readonly #records: Expiring<ClusterRecord[]>;
  readonly #o: SsmCacheOptions & { perName?: boolean };
  readonly #one = new Map<string, Expiring<ClusterRecord | undefined>>();

  constructor(prefix: string, client?: SSMClient, o: SsmCacheOptions & { perName?: boolean } = {}) {
    this.#prefix = prefix.replace(/\/$/, '');
    if (client) this.#client = client;
    this.#records = new Expiring(o);
    this.#o = o;
  }

  #getOne(name: string): Promise<ClusterRecord | undefined> {
    let e = this.#one.get(name);
    if (!e) {
      e = new Expiring(this.#o);
      this.#one.set(name, e);
    }
    return e.get(async () => {
      const { GetParameterCommand, SSMClient: Client } = await import('@aws-sdk/client-ssm');
      const c = this.#client ?? new Client({});
      const path = `${this.#prefix}/clusters/${name}`;
      let value: string | undefined;
      try {
        value = (await c.send(new GetParameterCommand({ Name: path, WithDecryption: true }))).Parameter
          ?.Value;
      } catch (err) {
        if ((err as Error).name === 'ParameterNotFound') return undefined;
        throw err;
      }
      let entry: unknown;
      try {
        entry = JSON.parse(value ?? '');
      } catch {
        throw new RegistryError(`SSM parameter ${path} is not JSON`);
      }
      return parseRegistryYaml(JSON.stringify({ clusters: [entry] }), `ssm:${this.#prefix}/clusters`, '/')[0];
    });
  }

  #load(): Promise<ClusterRecord[]> {
    return this.#records.get(async () => {
      const entries = (await readJsonByPath(this.#client, `${this.#prefix}/clusters/`, true)).map(
        (e) => e.value,
      );
      return parseRegistryYaml(JSON.stringify({ clusters: entries }), `ssm:${this.#prefix}/clusters`, '/');
    });
  }

  async get(name: string): Promise<ClusterRecord | undefined> {
    if (this.#o.perName) return this.#getOne(name);
    return (await this.#load()).find((r) => r.name === name);
  }

  async list(): Promise<readonly { name: string; server: string; source: string }[]> {
    return (await this.#load()).map((r) => ({ name: r.name, server: r.server, source: r.source }));
  }

  /** Every record (the report needs channels and servers). */
  async all(): Promise<readonly ClusterRecord[]> {
    return this.#load();
  }
}

/**
 * Channel grants from SSM (`${prefix}/grants/<name>`, plain String JSON {name, server, channels},
 * written by `register --store ssm` beside the SecureString record): what the Slack ingress reads,
 * so its role needs no access to the parameters that hold tokens.
 */
export class SsmGrantRegistry implements ClusterDirectory {
  readonly #prefix: string;
  readonly #client?: SSMClient;
  readonly #grants: Expiring<ClusterGrant[]>;

  constructor(prefix: string, client?: SSMClient, o: SsmCacheOptions = {}) {
    this.#prefix = prefix.replace(/\/$/, '');
    if (client) this.#client = client;
    this.#grants = new Expiring(o);
  }

  #load(): Promise<ClusterGrant[]> {
    return this.#grants.get(async () =>
      (await readJsonByPath(this.#client, `${this.#prefix}/grants/`, false)).map(({ name, value }) => {
        const g = (value ?? {}) as { name?: unknown; server?: unknown; channels?: unknown };
        if (typeof g.name !== 'string' || typeof g.server !== 'string')
          throw new RegistryError(`SSM parameter ${name}: name and server are required`);
        return {
          name: g.name,
          server: g.server,
          channels: Array.isArray(g.channels)
            ? g.channels.filter((c): c is string => typeof c === 'string')
            : [],
          source: `ssm:${name}`,
        };
      }),
    );
  }

  async get(name: string): Promise<ClusterGrant | undefined> {
    return (await this.#load()).find((g) => g.name === name);
  }

  async list(): Promise<readonly { name: string; server: string; source: string }[]> {
    return (await this.#load()).map((g) => ({ name: g.name, server: g.server, source: g.source }));
  }
}
