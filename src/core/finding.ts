/**
 * The one result type every check and diagnosis rule produces.
 * @module
 */
import type { FindingCode } from './codes.js';
import type { Severity } from './severity.js';

/** What a finding is about; kind + namespace + name identify it within one cluster. */
export interface Subject {
  readonly kind: 'cluster' | 'node' | 'endpoint' | 'pod' | 'certificate' | 'service-account' | 'ip-pool';
  readonly name: string;
  readonly namespace?: string;
}

/** One observed fact and where it was observed. Values must already be safe to show. */
/** A number an evidence line states, with its unit, so tests and JSON read values, not prose. */
export interface Measure {
  /** What it measures: "offset", "uncertainty", "notAfter", "usable", "live", "leaked" … */
  readonly name: string;
  readonly value: number;
  /** 's' seconds, 'ms-epoch' a time (ms since 1970), 'days', 'count'. */
  readonly unit: 's' | 'ms-epoch' | 'days' | 'count';
}

export interface Evidence {
  /** "node-2 clock is 94 s ahead of the API server" */
  readonly fact: string;
  /** The numbers `fact` states, as values (absent where it states none). */
  readonly values?: readonly Measure[];
  /** "Date header of GET https://10.0.0.12:10250/healthz", "pasted text, line 3" */
  readonly source: string;
}

/** A command for a person to run. kube-triage never runs it. */
export interface Command {
  /** Exact text, filled in with this cluster's names and IPs. */
  readonly run: string;
  readonly where: 'workstation' | 'control-plane' | 'node';
  /** Which node, when `where` is not 'workstation'. */
  readonly host?: string;
  /** Set when the command is disruptive (restarts, drains, rotates). */
  readonly caution?: string;
  /**
   * 'advice': `run` is a sentence for a person (a decision, a change of configuration), not text to
   * paste into a shell; renderers show it as prose, never in a code block. @default 'command'
   */
  readonly kind?: 'command' | 'advice';
  /** The distribution this variant is for ("kubeadm", "k3s"), when the commands differ by one. */
  readonly platform?: string;
  /**
   * Set on a step taken from the fix catalog (core/fixes.ts): the diagnosis replaces it with the
   * variants for the paste's distribution. `run` holds the kubeadm variant meanwhile.
   */
  readonly catalog?:
    | 'certCheck'
    | 'certRenew'
    | 'apiserverAuthLog'
    | 'kubeletCsrApprove'
    | 'kubeletClientReissue'
    | 'kubeletServingRenew'
    | 'kubeletRestart'
    | 'kubeconfigRefetch'
    | 'podIpsFree';
}

/** Where a step runs, as a label outside the code ("on cp-2 (control plane)", "on your workstation"). */
export function stepPlace(c: Pick<Command, 'where' | 'host' | 'platform'>): string {
  const only = c.platform ? `${c.platform}: ` : '';
  if (c.where === 'workstation') return `${only}on your workstation`;
  const role = c.where === 'control-plane' ? 'control-plane node' : 'node';
  return `${only}${c.host ? `on ${c.host} (${role})` : `on each affected ${role}`}`;
}

/** Whether a step is a `/k8s` command (a Slack command, not shell). */
export function isSlackStep(c: Pick<Command, 'run'>): boolean {
  return c.run.startsWith('/k8s ');
}

/** Why a finding happens and what to run about it. */
export interface Fix {
  /** Why it happens, in one or two sentences. */
  readonly why: string;
  readonly steps: readonly Command[];
}

/** One problem found, with the facts it stands on and the fix. Plain readonly data. */
export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly subject: Subject;
  /** One line a person reads first. */
  readonly title: string;
  readonly evidence: readonly Evidence[];
  readonly fix: Fix;
  /** How to confirm live. Paste rules set it; live checks already confirmed. */
  readonly confirm?: readonly Command[];
  /**
   * When it breaks or broke (RFC 3339): a certificate's notAfter, a credential's exp. Absent: it is
   * breaking now. Ranking reads this, never the title.
   */
  readonly breaksAt?: string;
}

/** Stable identity across runs, for "new" and "fixed" in the daily report. */
export function findingKey(cluster: string, f: Finding): string {
  return [cluster, f.code, f.subject.kind, f.subject.namespace ?? '', f.subject.name].join('|');
}
