/**
 * Registered clusters: the record kube-triage keeps per cluster, and the registry interface every
 * source (YAML file, kubeconfig contexts, SSM, the embedded sandbox) implements.
 * @module
 */
import type { Secret } from '../core/secret.js';

/** How kube-triage authenticates to a cluster. */
export type ClusterAuth =
  | { readonly kind: 'token'; readonly token: Secret }
  /** A kubeconfig context (client certificates, exec and OIDC users as client-node supports). */
  | { readonly kind: 'kubeconfig'; readonly kubeconfig: Secret; readonly context: string };

/** One registered cluster. */
export interface ClusterRecord {
  /** 'prod', 'sandbox' */
  readonly name: string;
  /** https URL of the API server. */
  readonly server: string;
  /** PEM of the CA that signs the API server's certificate; empty to use the system roots. */
  readonly caData: string;
  readonly auth: ClusterAuth;
  /** Extra apiserver endpoints to probe ("10.0.0.11:6443"), beyond the EndpointSlice. */
  readonly endpoints: readonly string[];
  /** Slack channel IDs allowed to query it; empty means none (the CLI ignores this). */
  readonly channels: readonly string[];
  /** Whether kubelets (node InternalIP:port) are reachable for TLS probes from kube-triage. */
  readonly kubeletsReachable: boolean;
  /** Where the record came from, for `kube-triage clusters` ("clusters.yaml", "kubeconfig context prod"). */
  readonly source: string;
}

/** A source of cluster records. */
export interface ClusterRegistry {
  /** undefined when no cluster has that name. */
  get(name: string): Promise<ClusterRecord | undefined>;
  /** Names, servers and sources only; safe to render. */
  list(): Promise<readonly { name: string; server: string; source: string }[]>;
  /**
   * The channel grant alone, when a source can give it without the record's cost (the embedded
   * sandbox answers without starting). Absent: `get`.
   */
  grant?(name: string): Promise<ClusterGrant | undefined>;
}

/**
 * A registry seen as a directory of grants: what the Slack listeners need before the ack, without
 * starting or reading anything slow (the sandbox starts when a check runs, after the ack).
 */
export function grantsOf(registry: ClusterRegistry): ClusterDirectory {
  return {
    get: (name) => (registry.grant ? registry.grant(name) : registry.get(name)),
    list: () => registry.list(),
  };
}

/** A registry that asks several in order; the first that knows a name wins. */
export class ChainRegistry implements ClusterRegistry {
  readonly #sources: readonly ClusterRegistry[];

  constructor(sources: readonly ClusterRegistry[]) {
    this.#sources = sources;
  }

  async get(name: string): Promise<ClusterRecord | undefined> {
    for (const s of this.#sources) {
      const r = await s.get(name);
      if (r) return r;
    }
    return undefined;
  }

  async grant(name: string): Promise<ClusterGrant | undefined> {
    for (const s of this.#sources) {
      const r = s.grant ? await s.grant(name) : await s.get(name);
      if (r) return r;
    }
    return undefined;
  }

  async list(): Promise<readonly { name: string; server: string; source: string }[]> {
    const seen = new Set<string>();
    const out: { name: string; server: string; source: string }[] = [];
    for (const s of this.#sources) {
      for (const r of await s.list()) {
        if (seen.has(r.name)) continue;
        seen.add(r.name);
        out.push(r);
      }
    }
    return out;
  }
}

/** A registry over records already in memory. */
export class StaticRegistry implements ClusterRegistry {
  readonly #records: Map<string, ClusterRecord>;

  constructor(records: readonly ClusterRecord[]) {
    this.#records = new Map(records.map((r) => [r.name, r]));
  }

  async get(name: string): Promise<ClusterRecord | undefined> {
    return this.#records.get(name);
  }

  async list(): Promise<readonly { name: string; server: string; source: string }[]> {
    return [...this.#records.values()].map((r) => ({ name: r.name, server: r.server, source: r.source }));
  }
}

/** What the Slack ingress knows of a cluster: its name, server and channel grants, never credentials. */
export type ClusterGrant = Pick<ClusterRecord, 'name' | 'server' | 'channels' | 'source'>;

/**
 * Cluster names and channel grants, for the internet-facing ingress: on Lambda read from SSM
 * parameters apart from the records that hold tokens, so the ingress can hold no cluster credential.
 * Every ClusterRegistry is one too.
 */
export interface ClusterDirectory {
  /** undefined when no cluster has that name. */
  get(name: string): Promise<ClusterGrant | undefined>;
  list(): Promise<readonly { name: string; server: string; source: string }[]>;
}
