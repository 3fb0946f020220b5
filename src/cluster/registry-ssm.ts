/**
 * Cluster records from AWS SSM Parameter Store, for Lambda: one SecureString JSON per cluster under
 * a prefix (`/kube-triage/<stage>/clusters/<name>`), read once per cold start and cached. The JSON
 * has the fields of the YAML registry (name, server, ca, token, endpoints, channels, kubeletsReachable).
 * @module
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { ClusterRecord, ClusterRegistry } from './registry.js';
import { parseRegistryYaml, RegistryError } from './registry-file.js';

/** Records under an SSM prefix. */
export class SsmRegistry implements ClusterRegistry {
  readonly #prefix: string;
  readonly #client?: SSMClient;
  #records?: Promise<ClusterRecord[]>;

  constructor(prefix: string, client?: SSMClient) {
    this.#prefix = prefix.replace(/\/$/, '');
    if (client) this.#client = client;
  }

  #load(): Promise<ClusterRecord[]> {
    this.#records ??= (async () => {
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
    return this.#records;
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
