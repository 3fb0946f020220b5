/**
 * Which endpoints in a paste a cluster component serves. An error about a certificate at an address
 * no cluster component listens on (docker-machine's daemon on 2376, an OpenStack API on 8774, a
 * registry on 5000) is that service's certificate, not the cluster's.
 * @module
 */
import { type Paste, perPaste } from './rule.js';

/** Ports only a cluster component listens on (apiserver, k3s/RKE2 supervisor, kubelet, etcd, controllers). */
const COMPONENT_PORTS = new Set([2379, 2380, 4001, 6443, 6444, 9345, 10250, 10255, 10257, 10259]);
/**
 * Those, the web ports an apiserver may also serve on (behind a load balancer, minikube's 8443,
 * MicroK8s' 16443), and webhooks' and aggregated APIs' usual ports (9443, 4443, 10443).
 */
const CLUSTER_PORTS = new Set([...COMPONENT_PORTS, 80, 443, 8080, 8443, 16443, 9443, 4443, 10443]);
/** Paths a Kubernetes client calls: the API, health, kubelet and webhook endpoints. */
const CLUSTER_PATH_RE =
  /^\/(?:api|apis|healthz|livez|readyz|version|openapi|metrics|containerLogs|stats|exec|attach|portForward|logs|run|pods|configz|debug|validate|mutate|convert|cacerts|v1-|k8s\/clusters\/)/i;

/** A URL (https, tcp) or a quoted host:port; bounded so a long line stays linear. */
const ENDPOINT_RE =
  /(?:(?:https?|tcp):\/\/|\bhost "|")(\[[0-9a-f:]{2,45}\]|[a-z0-9.-]{1,253}):(\d{2,5})(\/[^\s"']{0,200})?/gi;

interface Endpoint {
  readonly host: string;
  readonly port: number;
  /** '' when the endpoint has no path. */
  readonly path: string;
}

function endpointsOf(text: string, limit: number): Endpoint[] {
  const out: Endpoint[] = [];
  for (const m of text.matchAll(ENDPOINT_RE)) {
    out.push({ host: m[1] ?? '', port: Number(m[2]), path: m[3] ?? '' });
    if (out.length >= limit) break;
  }
  return out;
}

/** Ports of other daemons' TLS (Docker's remote API, a registry, Vault): never a cluster component's. */
const FOREIGN_PORTS = new Set([2375, 2376, 5000, 8200]);

/**
 * A cluster component's endpoint (its port, an API/kubelet/webhook path or a Service host), another
 * service's (a non-cluster port with a path no cluster component serves), or unknown (a bare
 * host:port on a port we do not know: apiservers behind a load balancer listen anywhere).
 */
function kindOf(e: Endpoint): 'cluster' | 'foreign' | 'unknown' {
  if (FOREIGN_PORTS.has(e.port)) return 'foreign';
  if (/\.svc\b/i.test(e.host) || CLUSTER_PORTS.has(e.port) || CLUSTER_PATH_RE.test(e.path)) return 'cluster';
  return e.path.length > 1 ? 'foreign' : 'unknown';
}

/**
 * The URL on the line asks a path no cluster component serves (a Git repository, a registry's /v2/,
 * a chart index) on a port that is not only a component's: that service's certificate, on any host.
 */
export function foreignUrlPath(url: { readonly port?: string; readonly path: string }): boolean {
  return url.path.length > 1 && !clusterPath(url.path) && !COMPONENT_PORTS.has(Number(url.port));
}

/** Whether a URL path is one a cluster component serves (API, health, kubelet, webhook paths). */
function clusterPath(path: string): boolean {
  return CLUSTER_PATH_RE.test(path);
}

/** The first endpoint on the line is one no cluster component serves. */
export function foreignEndpoint(line: string): boolean {
  const [first] = endpointsOf(line, 1);
  return first !== undefined && kindOf(first) === 'foreign';
}

/** The paste names another service's endpoint and no cluster component's (cached per paste). */
export const foreignPaste = perPaste((paste: Paste): boolean => {
  const kinds = endpointsOf(paste.text, 64).map(kindOf);
  return kinds.includes('foreign') && !kinds.includes('cluster');
});

/** An http(s) URL: its host, port (if written) and path. */
const URL_ON_LINE_RE =
  /https?:\/\/(\[[0-9a-fA-F:]{2,45}\]|[a-z0-9.-]{1,253})(?::(\d{1,5}))?(\/[^\s"'\\]{0,200})?/i;

/** The first http(s) URL on the line (a port only when one is written, a path of '' when none). */
export function urlOnLine(line: string): { host: string; port?: string; path: string } | undefined {
  const m = URL_ON_LINE_RE.exec(line);
  if (!m) return undefined;
  return { host: m[1] ?? '', ...(m[2] ? { port: m[2] } : {}), path: m[3] ?? '' };
}
/** Paths only a kubelet serves. */
const KUBELET_PATH_RE =
  /^\/(?:containerLogs|exec|attach|portForward|run|metrics(?:\/(?:resource|cadvisor|probes))?|stats|pods|logs|configz|healthz)\b/;

/**
 * Whether the URL the line names is a kubelet's (port 10250, or a path only a kubelet serves): false
 * when it names another endpoint (the apiserver's :6443/api, etcd's :2379), undefined with no URL.
 */
export function dialsKubelet(line: string): boolean | undefined {
  const url = urlOnLine(line);
  if (!url) return undefined;
  if (url.port === '10250') return true;
  if (url.port && url.port !== '443') return false;
  return KUBELET_PATH_RE.test(url.path);
}

/** The host (and port, when shown) that curl or `openssl s_client -connect` dialled (cached per paste). */
export const dialled = perPaste((paste: Paste): { host: string; port?: number } | undefined => {
  for (const l of paste.lines) {
    if (l.length > 600) continue;
    const m =
      /Connected to \S+ \(([0-9a-fA-F.:]{3,45})\) port (\d+)|^> Host: \[?([0-9a-fA-F.:]{3,45}|[a-z0-9.-]{1,253})\]?(?::(\d+))?\s*$|-connect\s+\[?([0-9a-fA-F.:]{3,45}|[a-z0-9.-]{1,253})\]?:(\d+)/.exec(
        l,
      );
    if (m) {
      const host = (m[1] ?? m[3] ?? m[5]) as string;
      const port = m[2] ?? m[4] ?? m[6];
      return port ? { host, port: Number(port) } : { host };
    }
  }
  return undefined;
});

/** curl or openssl dialled a port no cluster component serves on (an osquery server's :8412). */
export const dialledElsewhere = perPaste((paste: Paste): boolean => {
  const port = dialled(paste)?.port;
  return port !== undefined && !CLUSTER_PORTS.has(port);
});
