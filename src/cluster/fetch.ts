/**
 * The list/get plumbing of collection: paged lists reduced item by item, single GETs, and the
 * failure of one part (an Unreadable entry with the RBAC rule it needs).
 * @module
 */

import { LIST_MAX_PAGES, LIST_PAGE_SIZE } from '../core/limits.js';
import { type ApiClient, ApiFailure, mapNetError, statusDetail } from './connect.js';
import { parseHttpDate } from './http-date.js';
import { parseApiJson } from './json.js';

/** What was wrong with a body that did not parse (never its content). */
function jsonProblem(e: unknown): string {
  return e instanceof ApiFailure ? e.message : 'the server sent malformed JSON';
}

import { arr, obj, str } from './reduce.js';
import type { ListStamp, Unreadable } from './snapshot.js';

/** A JSON object as the API returns it. */
export type J = Record<string, unknown>;

/** The RBAC rule each list needs, shown when the read is forbidden (matches infra/k8s). */
const RBAC_HINT: Record<string, string> = {
  nodes: 'nodes: get, list',
  pods: 'pods: get, list',
  events: 'events: get, list',
  leases: 'coordination.k8s.io leases: get, list',
  endpointslices: 'discovery.k8s.io endpointslices: get, list',
  certificatesigningrequests: 'certificates.k8s.io certificatesigningrequests: get, list',
  validatingwebhookconfigurations: 'admissionregistration.k8s.io validatingwebhookconfigurations: get, list',
  mutatingwebhookconfigurations: 'admissionregistration.k8s.io mutatingwebhookconfigurations: get, list',
  apiservices: 'apiregistration.k8s.io apiservices: get, list',
  daemonsets: 'apps daemonsets: get, list',
  ippools: 'crd.projectcalico.org ippools, ipamblocks, ipamconfigs: get, list',
  ipamblocks: 'crd.projectcalico.org ippools, ipamblocks, ipamconfigs: get, list',
  configmaps: 'configmaps (resourceNames: kube-root-ca.crt): get',
  '/metrics': 'nonResourceURLs /metrics: get',
  '/version': 'nonResourceURLs /version: get',
};

/** Failure of one part, carried to the Unreadable list. */
export class PartFailure extends Error {
  readonly unreadable: Omit<Unreadable, 'part'>;
  constructor(u: Omit<Unreadable, 'part'>) {
    super(u.detail);
    this.unreadable = u;
  }
}

/** The PartFailure for an HTTP status (403 with the RBAC rule it needs, 404 named or not served). */
export function failureFor(status: number, resource: string, body = ''): PartFailure {
  if (status === 403) {
    const rbac = RBAC_HINT[resource];
    return new PartFailure({
      reason: 'forbidden',
      detail: `403 Forbidden: cannot list ${resource}`,
      ...(rbac ? { rbac } : {}),
    });
  }
  if (status === 401) return new PartFailure({ reason: 'forbidden', detail: statusDetail(401) });
  if (status === 404) {
    // A Status naming the object means the object is missing; otherwise the API is not served.
    let named = '';
    try {
      const st = obj(parseApiJson(body.slice(0, 4_096)));
      if (st.reason === 'NotFound') named = str(obj(st.details).name);
    } catch {
      // not a Status: a plain 404 from something that does not serve this path
    }
    return new PartFailure({
      reason: 'not-found',
      detail: named ? `${resource} "${named}" not found` : `${resource}: 404 Not Found (API not served)`,
    });
  }
  return new PartFailure({ reason: 'error', detail: `${resource}: ${statusDetail(status)}` });
}

/** Pages through a list, reducing each item; returns the reduced items and the first page's stamp. */
export async function listAll<T>(
  client: ApiClient,
  path: string,
  resource: string,
  reduce: (item: J) => T | undefined,
  signal: AbortSignal,
  query = '',
): Promise<{ items: T[]; stamp: ListStamp }> {
  const items: T[] = [];
  let cont = '';
  let stamp: ListStamp | undefined;
  for (let page = 0; page < LIST_MAX_PAGES; page++) {
    const q = new URLSearchParams(query);
    q.set('limit', String(LIST_PAGE_SIZE));
    if (cont) q.set('continue', cont);
    let res: Awaited<ReturnType<ApiClient['get']>>;
    try {
      res = await client.get(`${path}?${q.toString()}`, signal);
    } catch (e) {
      const f = mapNetError(e);
      throw new PartFailure({ reason: f.reason, detail: `${resource}: ${f.message}` });
    }
    if (res.status !== 200) throw failureFor(res.status, resource, res.body);
    if (!stamp) {
      const t = parseHttpDate(res.headers.date === undefined ? undefined : String(res.headers.date));
      const d = t === undefined ? undefined : new Date(t);
      stamp = { ...(d ? { serverDate: d } : {}), localTime: new Date(res.receivedAt) };
    }
    let body: J;
    try {
      body = obj(parseApiJson(res.body));
    } catch (e) {
      throw new PartFailure({ reason: 'error', detail: `${resource}: ${jsonProblem(e)}` });
    }
    for (const it of arr(body.items)) {
      const r = reduce(obj(it));
      if (r !== undefined) items.push(r);
    }
    cont = str(obj(body.metadata).continue);
    if (!cont) break;
  }
  return { items, stamp: stamp ?? { localTime: new Date() } };
}

export async function getJson(
  client: ApiClient,
  path: string,
  resource: string,
  signal: AbortSignal,
): Promise<J> {
  let res: Awaited<ReturnType<ApiClient['get']>>;
  try {
    res = await client.get(path, signal);
  } catch (e) {
    const f = mapNetError(e);
    throw new PartFailure({ reason: f.reason, detail: `${resource}: ${f.message}` });
  }
  if (res.status !== 200) throw failureFor(res.status, resource, res.body);
  try {
    return obj(parseApiJson(res.body));
  } catch (e) {
    throw new PartFailure({ reason: 'error', detail: `${resource}: ${jsonProblem(e)}` });
  }
}
