/**
 * Cluster records from AWS SSM Parameter Store, for Lambda: one SecureString JSON per cluster under
 * a prefix (`/kube-triage/<stage>/clusters/<name>`). The JSON has the fields of the YAML registry
 * (name, server, ca, token, endpoints, channels, kubeletsReachable). Records are cached for
 * REGISTRY_TTL_MS (a revoked channel or a rotated token takes effect within it, with no cold start);
 * a failed read is never cached.
 * @module
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
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

/** Records under an SSM prefix. */
export class SsmRegistry implements ClusterRegistry {
  readonly #prefix: string;
  readonly #client?: SSMClient;
  #records?: Promise<ClusterRecord[]>;
  #loadedAt = 0;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(prefix: string, client?: SSMClient, o: { ttlMs?: number; now?: () => number } = {}) {
    this.#prefix = prefix.replace(/\/$/, '');
    if (client) this.#client = client;
    this.#ttlMs = o.ttlMs ?? registryTtlMs();
    this.#now = o.now ?? Date.now;
  }

  #load(): Promise<ClusterRecord[]> {
    if (this.#records && this.#now() - this.#loadedAt > this.#ttlMs) this.#records = undefined;
    if (this.#records) return this.#records;
    this.#loadedAt = this.#now();
    const p = (async () => {
      // The SDK is loaded on first use, not at cold start.
      const { GetParametersByPathCommand, SSMClient: Client } = await import('@aws-sdk/client-ssm');
      const client = this.#client ?? new Client({});
      const entries: unknown[] = [];
      let next: string | undefined;
      for (let page = 0; page < 50; page++) {
        const out = await client.send(
          new GetParametersByPathCommand({
            Path: `${this.#prefix}/clusters/`,
            WithDecryption: true,
            Recursive: false,
            ...(next ? { NextToken: next } : {}),
          }),
        );
        for (const p of out.Parameters ?? []) {
          try {
            entries.push(JSON.parse(p.Value ?? ''));
          } catch {
            throw new RegistryError(`SSM parameter ${p.Name} is not JSON`);
          }
        }
        next = out.NextToken;
        if (!next) break;
      }
      return parseRegistryYaml(JSON.stringify({ clusters: entries }), `ssm:${this.#prefix}/clusters`, '/');
    })();
    this.#records = p;
    // A throttled or failed read is not kept: the next call reads again.
    p.catch(() => {
      if (this.#records === p) this.#records = undefined;
    });
    return p;
  }

  async get(name: string): Promise<ClusterRecord | undefined> {
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
 * so its role needs no access to the parameters that hold tokens. Cached for REGISTRY_TTL_MS; a
 * failed read is never cached.
 */
export class SsmGrantRegistry implements ClusterDirectory {
  readonly #prefix: string;
  readonly #client?: SSMClient;
  #grants?: Promise<ClusterGrant[]>;
  #loadedAt = 0;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(prefix: string, client?: SSMClient, o: { ttlMs?: number; now?: () => number } = {}) {
    this.#prefix = prefix.replace(/\/$/, '');
    if (client) this.#client = client;
    this.#ttlMs = o.ttlMs ?? registryTtlMs();
    this.#now = o.now ?? Date.now;
  }

  #load(): Promise<ClusterGrant[]> {
    if (this.#grants && this.#now() - this.#loadedAt > this.#ttlMs) this.#grants = undefined;
    if (this.#grants) return this.#grants;
    this.#loadedAt = this.#now();
    const p = (async () => {
      const { GetParametersByPathCommand, SSMClient: Client } = await import('@aws-sdk/client-ssm');
      const client = this.#client ?? new Client({});
      const out: ClusterGrant[] = [];
      let next: string | undefined;
      for (let page = 0; page < 50; page++) {
        const r = await client.send(
          new GetParametersByPathCommand({
            Path: `${this.#prefix}/grants/`,
            Recursive: false,
            ...(next ? { NextToken: next } : {}),
          }),
        );
        for (const p of r.Parameters ?? []) {
          let g: { name?: unknown; server?: unknown; channels?: unknown };
          try {
            g = JSON.parse(p.Value ?? '');
          } catch {
            throw new RegistryError(`SSM parameter ${p.Name} is not JSON`);
          }
          if (typeof g.name !== 'string' || typeof g.server !== 'string')
            throw new RegistryError(`SSM parameter ${p.Name}: name and server are required`);
          out.push({
            name: g.name,
            server: g.server,
            channels: Array.isArray(g.channels)
              ? g.channels.filter((c): c is string => typeof c === 'string')
              : [],
            source: `ssm:${p.Name}`,
          });
        }
        next = r.NextToken;
        if (!next) break;
      }
      return out;
    })();
    this.#grants = p;
    p.catch(() => {
      if (this.#grants === p) this.#grants = undefined;
    });
    return p;
  }

  async get(name: string): Promise<ClusterGrant | undefined> {
    return (await this.#load()).find((g) => g.name === name);
  }

  async list(): Promise<readonly { name: string; server: string; source: string }[]> {
    return (await this.#load()).map((g) => ({ name: g.name, server: g.server, source: g.source }));
  }
}
