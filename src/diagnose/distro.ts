/**
 * Which distribution and which CNI a paste came from, read from its own cues (a path, a unit name,
 * a tool, a product name). Undefined when the paste does not say: the answer then gives the kubeadm
 * and k3s variants, labelled (core/fixes.ts).
 * @module
 */
import { PLATFORM_NAME, type Platform } from '../core/fixes.js';
import type { Paste } from './rule.js';

export type Cni = 'calico' | 'cilium' | 'flannel' | 'kubenet' | 'bridge';

/** Most specific first: RKE2 and k3s mention Rancher, minikube and kind run kubeadm inside. */
const PLATFORM_CUES: readonly [Platform, RegExp][] = [
  ['rke2', /\brke2\b|\/var\/lib\/rancher\/rke2\b/i],
  ['k3s', /\bk3[sd]\b|\/var\/lib\/rancher\/k3s\b|rancher\/k3s\b/i],
  [
    'openshift3',
    /\bopenshift (?:origin |enterprise |container platform )?v?3\.\d|\bocp ?v?3\.\d|\batomic-openshift\b|\borigin-node\b|\bopenshift-ansible\b|\bmaster-logs\b/i,
  ],
  [
    'openshift4',
    /\bopenshift (?:container platform )?v?4(?:\.\d+)?\b|\bocp ?v?4\.\d|\bokd ?4|\bopenshift-(?:kube-apiserver|install|machine-config)\w*|\bmachineconfigpool\b|\bcodeready containers\b|\boc (?:adm|login|get)\b|\bopenshift\b/i,
  ],
  ['microk8s', /\bmicrok8s\b|\/var\/snap\/microk8s\b|\brefresh-certs\b/i],
  ['minikube', /\bminikube\b/i],
  ['kind', /\bkind (?:create|delete|load|get)\b|\bkind-control-plane\b|\bkindest\/node\b|\bkind cluster\b/i],
  [
    'eks',
    /\b(?:amazon |aws )?eks\b|\beksctl\b|\baws-iam-authenticator\b|\.eks\.amazonaws\.com\b|\baws-node\b/i,
  ],
  ['gke', /\bgke\b|\bgoogle kubernetes engine\b|\bgcloud container\b/i],
  ['aks', /\baks\b|\bazure kubernetes service\b|\baz aks\b|\.azmk8s\.io\b/i],
  // Talos runs kubeadm-shaped paths inside, so before kubeadm; its log prefix and its CLI name it.
  ['talos', /\btalosctl\b|\[talos\]|\btalos linux\b|\bsiderolabs\/talos\b/i],
  ['kubeadm', /\bkubeadm\b|\/etc\/kubernetes\/(?:manifests|pki)\b/i],
];

const CNI_CUES: readonly [Cni, RegExp][] = [
  ['calico', /\bcalico\b|\bippools?\b|\bcalicoctl\b/i],
  ['cilium', /\bcilium\b/i],
  ['kubenet', /\bkubenet\b/i],
  ['flannel', /\bflannel(?:d)?\b|\/run\/flannel\b/i],
  ['bridge', /plugin type=\\?"bridge\\?"|"type":\s*"bridge"|\bkube-bridge\b/i],
];

export interface Origin {
  readonly platform?: Platform;
  /** The words in the paste that named it. */
  readonly platformCue?: string;
  readonly cni?: Cni;
}

/** One pass that says whether any cue can be there at all (most logs name no platform and no CNI). */
const ANY_CUE_RE =
  /rke2|k3[sd]|rancher|openshift|ocp|okd|origin-node|master-logs|machineconfig|codeready|\boc |minikube|microk8s|refresh-certs|kind|eks|aws-|gke|gcloud|google|aks|azure|az aks|azmk8s|kubeadm|\/etc\/kubernetes|calico|ippool|cilium|kubenet|flannel|bridge|talos/i;

const cache = new WeakMap<Paste, Origin>();

/** Whether the paste names this platform anywhere, whichever platform its first cue picks. */
export function namesPlatform(paste: Paste, platform: Platform): boolean {
  return PLATFORM_CUES.some(([p, re]) => p === platform && re.test(paste.text));
}

/** The platform and CNI the paste names (first cue wins, most specific first). Cached per paste. */
export function detectOrigin(paste: Paste): Origin {
  let o = cache.get(paste);
  if (o) return o;
  if (!ANY_CUE_RE.test(paste.text)) {
    o = {};
    cache.set(paste, o);
    return o;
  }
  let platform: Platform | undefined;
  let platformCue: string | undefined;
  for (const [p, re] of PLATFORM_CUES) {
    const m = re.exec(paste.text);
    if (m) {
      platform = p;
      platformCue = m[0].slice(0, 60);
      break;
    }
  }
  const cni = CNI_CUES.find(([, re]) => re.test(paste.text))?.[0];
  o = { ...(platform ? { platform, platformCue } : {}), ...(cni ? { cni } : {}) };
  cache.set(paste, o);
  return o;
}

/**
 * What the answer says about the distribution ("k3s (the paste names “k3s”)"). `variants`: some fix
 * differs by distribution (a catalog step); when none does, unknown is said without promising labels.
 */
export function originNote(o: Origin, variants: boolean): string {
  if (o.platform)
    return `${PLATFORM_NAME[o.platform]} (the paste names “${o.platformCue}”): fixes are for ${PLATFORM_NAME[o.platform]}`;
  return variants
    ? 'distribution not named in the paste: fixes are given for kubeadm and for k3s, labelled'
    : 'distribution not named in the paste (these fixes are the same on every distribution)';
}
