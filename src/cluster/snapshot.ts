/**
 * The typed picture of a cluster that every check reads: narrow facts converted once from API
 * objects, plus what could not be read. Types only; checks import them with `import type`.
 * @module
 */

/** A piece of the snapshot a check can ask for; each is fetched once per snapshot. */
export type SnapshotPart =
  | 'version'
  | 'nodes'
  | 'pods'
  | 'events'
  | 'leases'
  | 'apiserverEndpoints'
  | 'clocks'
  | 'servingCerts'
  | 'kubeletCerts'
  | 'csrs'
  | 'webhooks'
  | 'metrics'
  | 'credential'
  | 'kubeSystem'
  | 'calico';

/** Something the cluster layer could not read, recorded as data, not thrown. */
export interface Unreadable {
  readonly part: SnapshotPart;
  readonly reason: 'forbidden' | 'timeout' | 'unreachable' | 'tls' | 'not-found' | 'error';
  /** Short, safe text. Never a raw library error (it may embed bodies and headers). */
  readonly detail: string;
  /** The RBAC rule to add when reason is 'forbidden', e.g. "nodes: get, list". */
  readonly rbac?: string;
}

/** A node, reduced to what the checks use. */
export interface NodeFacts {
  readonly name: string;
  readonly internalIP?: string;
  readonly addresses: readonly { readonly type: string; readonly address: string }[];
  readonly podCIDRs: readonly string[];
  readonly kubeletVersion: string;
  readonly kubeletPort: number;
  readonly controlPlane: boolean;
  readonly ready: 'True' | 'False' | 'Unknown';
  readonly readyReason?: string;
  /** Ready condition lastHeartbeatTime (kubelet clock). */
  readonly readyHeartbeat?: Date;
  readonly maxPods: number;
  /** Has flannel annotations. */
  readonly flannel: boolean;
  /** Has Calico annotations (projectcalico.org/IPv4Address). */
  readonly calico: boolean;
}

/** A pod, reduced. */
export interface PodFacts {
  readonly namespace: string;
  readonly name: string;
  readonly node?: string;
  readonly phase: string;
  readonly hostNetwork: boolean;
  readonly ip?: string;
  /** metadata.creationTimestamp (apiserver clock). */
  readonly createdAt: Date;
  /** status.startTime (kubelet clock). */
  readonly startedAt?: Date;
  /** Earliest running container startedAt (kubelet clock). */
  readonly containerStartedAt?: Date;
  /** The controller that owns it, "ReplicaSet/x" etc. */
  readonly owner?: string;
}

/** A Lease, reduced. */
export interface LeaseFacts {
  readonly namespace: string;
  readonly name: string;
  readonly holder?: string;
  /** spec.renewTime (the writer's clock, microseconds). */
  readonly renewTime?: Date;
  /** managedFields time of the writer's last Update (the handling apiserver's clock, seconds). */
  readonly managedTime?: Date;
  readonly manager?: string;
  /** Label kubernetes.io/hostname (apiserver identity leases). */
  readonly hostname?: string;
  readonly apiserverIdentity: boolean;
  readonly durationSeconds?: number;
  /** metadata.creationTimestamp (clock of the apiserver that created it). */
  readonly createdAt?: Date;
}

/** An apiserver identity Lease renewal seen while watching, and when it arrived here. */
export interface LeaseRenewal {
  readonly name: string;
  /** spec.renewTime: that apiserver's clock when it renewed. */
  readonly renewTime: Date;
  /** Local clock when the watch event arrived. */
  readonly receivedAt: Date;
}

/**
 * A watch on the apiserver identity Leases that no probed endpoint accounts for: each renewal
 * gives that apiserver's offset to within the event's delivery latency, and a Lease that is not
 * renewed during a whole renewal interval belongs to an apiserver that stopped.
 */
export interface IdentityWatch {
  /** Lease names watched (identity Leases not matched to a probed endpoint). */
  readonly watched: readonly string[];
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly renewals: readonly LeaseRenewal[];
  /** Set when the watch could not run (403, timeout); the single-LIST estimates stand then. */
  readonly error?: string;
}

/** A core/v1 event, reduced. */
export interface EventFacts {
  readonly namespace: string;
  readonly reason: string;
  /** Bounded to API_STRING_MAX_CHARS. */
  readonly message: string;
  readonly type: string;
  readonly component: string;
  readonly host?: string;
  readonly involvedKind: string;
  readonly involvedName: string;
  readonly involvedNamespace?: string;
  readonly count: number;
  /** Emitter clock. */
  readonly firstTimestamp?: Date;
  readonly lastTimestamp?: Date;
  readonly eventTime?: Date;
  /** Apiserver clock. */
  readonly createdAt: Date;
}

/** An apiserver endpoint to probe. */
export interface ApiserverEndpoint {
  readonly address: string;
  readonly port: number;
  /** Where it was listed: the default/kubernetes EndpointSlice, or the cluster record. */
  readonly source: 'endpointslice' | 'record';
  /** Node whose InternalIP equals the address, when one does. */
  readonly node?: string;
}

/** One clock reading of an HTTP endpoint. */
export interface ClockReading {
  readonly target: string;
  /** What was read: "apiserver" endpoint or a "kubelet". */
  readonly kind: 'apiserver' | 'kubelet';
  readonly address: string;
  readonly port: number;
  /** Remote clock minus local clock, ms (midpoint of the request). */
  readonly offsetMs?: number;
  /** Half-width of the interval the true offset lies in, ms. */
  readonly uncertaintyMs?: number;
  readonly rttMs?: number;
  readonly dateHeader?: string;
  readonly error?: Unreadable['reason'];
  readonly errorDetail?: string;
}

export type { CertFacts } from '../core/x509.js';

import type { CertFacts } from '../core/x509.js';

/** A TLS probe's result. */
export interface TlsProbe {
  readonly target: 'apiserver-serving' | 'apiserver-loopback' | 'kubelet';
  readonly address: string;
  readonly port: number;
  readonly servername?: string;
  readonly node?: string;
  readonly chain?: readonly CertFacts[];
  /** Whether the chain verified against the cluster CA. */
  readonly authorized?: boolean;
  readonly authorizationError?: string;
  readonly error?: Unreadable['reason'];
  readonly errorDetail?: string;
}

/** A CertificateSigningRequest, reduced. */
export interface CsrFacts {
  readonly name: string;
  readonly signerName: string;
  readonly username: string;
  readonly createdAt: Date;
  readonly state: 'Pending' | 'Approved' | 'Denied' | 'Failed';
  readonly issued: boolean;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly keyType?: string;
}

/** A webhook or APIService whose certificate trust can break. */
export interface WebhookFacts {
  readonly kind: 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration' | 'APIService';
  readonly name: string;
  readonly webhook?: string;
  readonly service?: string;
  readonly caBundle?: readonly CertFacts[];
  /** APIService Available condition when False. */
  readonly unavailableMessage?: string;
}

/** Apiserver metrics the token checks read. */
export interface MetricsFacts {
  readonly staleTokens?: number;
  readonly legacyTokens?: number;
}

/** Calico IPAM state (KDD datastore CRDs), when Calico is installed. */
export interface CalicoFacts {
  readonly pools: readonly {
    readonly name: string;
    readonly cidr: string;
    readonly blockSize: number;
    readonly disabled: boolean;
  }[];
  /** One entry per IPAM block: its CIDR, the host it is affine to, and addresses in use of its size. */
  readonly blocks: readonly {
    readonly cidr: string;
    readonly host?: string;
    readonly used: number;
    readonly size: number;
  }[];
  /** ipamconfigs default maxBlocksPerHost (0 = unlimited). */
  readonly maxBlocksPerHost: number;
}

/** Claims of kube-triage's own token (never the token). */
export interface CredentialFacts {
  readonly kind: 'jwt' | 'opaque' | 'none';
  readonly subject?: string;
  readonly issuedAt?: Date;
  readonly expiresAt?: Date;
}

/** A response's own time, for relating object times to the server's clock. */
export interface ListStamp {
  /** Date header of the response (server clock, 1 s resolution). */
  readonly serverDate?: Date;
  /** Local clock when the response arrived. */
  readonly localTime: Date;
}

/** The whole picture; each field is empty when its part was not asked for or not readable. */
export interface ClusterSnapshot {
  readonly cluster: string;
  readonly server: string;
  readonly takenAt: Date;
  readonly parts: readonly SnapshotPart[];
  readonly version?: { readonly gitVersion: string };
  readonly nodes: readonly NodeFacts[];
  readonly pods: readonly PodFacts[];
  readonly events: readonly EventFacts[];
  readonly leases: readonly LeaseFacts[];
  readonly leasesStamp?: ListStamp;
  /** Present when some identity Lease matched no probed endpoint. */
  readonly identityWatch?: IdentityWatch;
  readonly apiserverEndpoints: readonly ApiserverEndpoint[];
  readonly clocks: readonly ClockReading[];
  readonly servingCerts: readonly TlsProbe[];
  readonly kubeletCerts: readonly TlsProbe[];
  readonly clusterCA?: readonly CertFacts[];
  /** CA the record trusts (from the kubeconfig or registry). */
  readonly trustedCA?: readonly CertFacts[];
  readonly csrs: readonly CsrFacts[];
  readonly webhooks: readonly WebhookFacts[];
  readonly metrics?: MetricsFacts;
  readonly credential?: CredentialFacts;
  /** Names of kube-system pods and DaemonSets, for distribution and CNI detection. */
  readonly kubeSystem?: { readonly pods: readonly string[]; readonly daemonSets: readonly string[] };
  /** Absent when Calico's CRDs are not installed. */
  readonly calico?: CalicoFacts;
  readonly kubeletsReachable: boolean;
  readonly unreadable: readonly Unreadable[];
  /** Requests made to collect it. */
  readonly requestCount: number;
}
