/**
 * The CLI's cluster registry: a YAML file (--clusters or KUBE_TRIAGE_CLUSTERS), kubeconfig
 * contexts (--kubeconfig / KUBECONFIG / ~/.kube/config), and `sandbox` (alias `demo`), which
 * starts the embedded sandbox cluster in-process on free loopback ports.
 * @module
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  ChainRegistry,
  type ClusterGrant,
  type ClusterRecord,
  type ClusterRegistry,
} from '../cluster/registry.js';
import { FileRegistry } from '../cluster/registry-file.js';
import { KubeconfigRegistry } from '../cluster/registry-kubeconfig.js';
import { Secret } from '../core/secret.js';
import { loadScenario } from '../sandbox/scenario.js';
import { type Sandbox, startSandbox } from '../sandbox/server.js';

/** Names that mean the embedded sandbox. */
export const SANDBOX_NAMES = ['sandbox', 'demo'] as const;

/** The `sandbox` registry entry: starts the sandbox the first time it is asked for. */
export class SandboxRegistry implements ClusterRegistry {
  readonly #scenario: string;
  readonly #channels: readonly string[];
  #running?: Promise<Sandbox>;

  /**
   * `channels`: Slack channels that may query the sandbox (`serve --sandbox-channels`); "dm" means
   * direct messages. @default ['*'] (the CLI, where channels do not apply)
   */
  constructor(scenario: string, channels: readonly string[] = ['*']) {
    this.#scenario = scenario;
    this.#channels = channels;
  }

  /** The running sandbox, if it was started. */
  get sandbox(): Promise<Sandbox> | undefined {
    return this.#running;
  }

  async get(name: string): Promise<ClusterRecord | undefined> {
    if (!(SANDBOX_NAMES as readonly string[]).includes(name)) return undefined;
    this.#running ??= startSandbox(loadScenario(this.#scenario));
    const sb = await this.#running;
    return {
      name,
      server: sb.server,
      caData: sb.caPem,
      auth: { kind: 'token', token: new Secret(sb.token) },
      // Loopback apiservers are in no EndpointSlice (as on real apiservers): the record lists them.
      endpoints: sb.endpoints.map((e) => `${e.ip}:${e.port}`),
      channels: this.#channels,
      kubeletsReachable: true,
      source: `embedded sandbox (scenario ${sb.scenario.name})`,
    };
  }

  /** The grant without starting the sandbox (the Slack listeners ask before their 3 s ack). */
  async grant(name: string): Promise<ClusterGrant | undefined> {
    if (!(SANDBOX_NAMES as readonly string[]).includes(name)) return undefined;
    return {
      name,
      server: '(started on demand, loopback)',
      channels: this.#channels,
      source: `embedded sandbox (scenario ${this.#scenario})`,
    };
  }

  async list(): Promise<readonly { name: string; server: string; source: string }[]> {
    return [
      {
        name: 'sandbox',
        server: '(started on demand, loopback)',
        source: `embedded sandbox (scenario ${this.#scenario})`,
      },
    ];
  }

  async close(): Promise<void> {
    if (this.#running) await (await this.#running).close();
  }
}

/** Options that pick registry sources. */
export interface RegistryOptions {
  readonly clusters?: string;
  readonly kubeconfig?: string;
  readonly scenario?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Slack channels that may query the sandbox (serve). @default every channel (the CLI) */
  readonly sandboxChannels?: readonly string[];
}

/** Builds the chain: file, kubeconfig, sandbox (first match wins). */
export function cliRegistry(o: RegistryOptions): { registry: ClusterRegistry; sandbox: SandboxRegistry } {
  const env = o.env ?? process.env;
  const sources: ClusterRegistry[] = [];
  const file = o.clusters ?? env.KUBE_TRIAGE_CLUSTERS;
  if (file) sources.push(new FileRegistry(file));
  const kc = o.kubeconfig ?? env.KUBECONFIG?.split(':')[0] ?? join(homedir(), '.kube', 'config');
  if (o.kubeconfig || existsSync(kc)) sources.push(new KubeconfigRegistry(kc));
  const sandbox = new SandboxRegistry(o.scenario ?? 'demo', o.sandboxChannels ?? ['*']);
  sources.push(sandbox);
  return { registry: new ChainRegistry(sources), sandbox };
}
