/**
 * Cluster records from a YAML file (`KUBE_TRIAGE_CLUSTERS` / `--clusters`). No Kubernetes client
 * here: the Slack ingress reads it too. Invalid entries are reported with their path (`clusters[2].server is missing`).
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { Secret } from '../core/secret.js';
import type { ClusterRecord, ClusterRegistry } from './registry.js';

/** A registry file or kubeconfig that cannot be used; the message names the field. */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
}

const NAME_RE = /^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$/;

/** Parses the YAML registry format (see docs/configuration.md). `baseDir` resolves relative files. */
export function parseRegistryYaml(text: string, origin: string, baseDir: string): ClusterRecord[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new RegistryError(`${origin} is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const clusters = (doc as { clusters?: unknown } | null)?.clusters;
  if (!Array.isArray(clusters)) throw new RegistryError(`${origin}: clusters must be a list`);
  const seen = new Set<string>();
  return clusters.map((c: unknown, i: number): ClusterRecord => {
    const at = `${origin}: clusters[${i}]`;
    if (typeof c !== 'object' || c === null) throw new RegistryError(`${at} must be a mapping`);
    const o = c as Record<string, unknown>;
    const str = (k: string): string | undefined => {
      const v = o[k];
      if (v === undefined) return undefined;
      if (typeof v !== 'string' || v === '') throw new RegistryError(`${at}.${k} must be a non-empty string`);
      return v;
    };
    const name = str('name');
    if (!name) throw new RegistryError(`${at}.name is missing`);
    if (!NAME_RE.test(name))
      throw new RegistryError(`${at}.name "${name}" must be lower-case letters, digits, - _ .`);
    if (seen.has(name)) throw new RegistryError(`${at}.name "${name}" is used twice`);
    seen.add(name);
    const server = str('server');
    if (!server) throw new RegistryError(`${at}.server is missing`);
    if (!/^https:\/\/[^\s/]+(\/.*)?$/.test(server))
      throw new RegistryError(`${at}.server must be an https:// URL, got "${server}"`);
    const readRel = (f: string): string => readFileSync(resolve(baseDir, f), 'utf8');
    let caData = str('ca') ?? '';
    const caFile = str('caFile');
    if (caFile) caData = readRel(caFile);
    if (caData && !caData.includes('BEGIN CERTIFICATE'))
      throw new RegistryError(`${at}.ca must be a PEM certificate`);
    let token = str('token');
    const tokenFile = str('tokenFile');
    if (tokenFile) token = readRel(tokenFile).trim();
    if (!token) throw new RegistryError(`${at} needs token or tokenFile`);
    const list = (k: string): string[] => {
      const v = o[k];
      if (v === undefined) return [];
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
        throw new RegistryError(`${at}.${k} must be a list of strings`);
      return v as string[];
    };
    const kr = o.kubeletsReachable;
    if (kr !== undefined && typeof kr !== 'boolean')
      throw new RegistryError(`${at}.kubeletsReachable must be true or false`);
    return {
      name,
      server,
      caData,
      auth: { kind: 'token', token: new Secret(token) },
      endpoints: list('endpoints'),
      channels: list('channels'),
      kubeletsReachable: kr === true,
      source: origin,
    };
  });
}

/** Records from a YAML registry file. */
export class FileRegistry implements ClusterRegistry {
  readonly #records: ClusterRecord[];

  constructor(path: string) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new RegistryError(`Cannot read cluster registry ${path}: no such file or not readable.`);
    }
    this.#records = parseRegistryYaml(text, path, dirname(path));
  }

  async get(name: string): Promise<ClusterRecord | undefined> {
    return this.#records.find((r) => r.name === name);
  }

  async list(): Promise<readonly { name: string; server: string; source: string }[]> {
    return this.#records.map((r) => ({ name: r.name, server: r.server, source: r.source }));
  }
}
