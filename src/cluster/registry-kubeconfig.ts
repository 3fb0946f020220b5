/**
 * Cluster records from kubeconfig contexts; a cluster is named like its context. Exec and OIDC
 * users work as client-node supports them.
 * @module
 */
import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { Secret } from '../core/secret.js';
import type { ClusterRecord, ClusterRegistry } from './registry.js';
import { RegistryError } from './registry-file.js';

/** Records from kubeconfig contexts; a cluster is named like its context. */
export class KubeconfigRegistry implements ClusterRegistry {
  readonly #kc: KubeConfig;
  readonly #yaml: string;
  readonly #origin: string;

  constructor(path: string) {
    this.#kc = new KubeConfig();
    try {
      this.#yaml = readFileSync(path, 'utf8');
      this.#kc.loadFromString(this.#yaml);
    } catch (e) {
      throw new RegistryError(`Cannot load kubeconfig ${path}: ${(e as Error).message.split('\n')[0]}`);
    }
    this.#origin = path;
  }

  async get(name: string): Promise<ClusterRecord | undefined> {
    const ctx = this.#kc.getContextObject(name);
    if (!ctx) return undefined;
    const cluster = this.#kc.getCluster(ctx.cluster);
    if (!cluster)
      throw new RegistryError(
        `kubeconfig ${this.#origin}: context "${name}" names cluster "${ctx.cluster}", which is not defined`,
      );
    let caData = '';
    if (cluster.caData) caData = Buffer.from(cluster.caData, 'base64').toString('utf8');
    else if (cluster.caFile) caData = readFileSync(cluster.caFile, 'utf8');
    return {
      name,
      server: cluster.server,
      caData,
      auth: { kind: 'kubeconfig', kubeconfig: new Secret(this.#yaml), context: name },
      endpoints: [],
      channels: [],
      kubeletsReachable: false,
      source: `kubeconfig ${this.#origin}, context ${name}`,
    };
  }

  async list(): Promise<readonly { name: string; server: string; source: string }[]> {
    return this.#kc.getContexts().map((c) => ({
      name: c.name,
      server: this.#kc.getCluster(c.cluster)?.server ?? '?',
      source: `kubeconfig ${this.#origin}`,
    }));
  }
}
