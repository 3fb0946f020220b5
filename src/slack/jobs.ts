/**
 * The job the Slack ingress hands to the worker (an async Lambda invoke, or in-process for
 * `kube-triage serve`): which check, which cluster, where to answer. Plain JSON, no secrets except
 * the response_url, which is never logged.
 * @module
 */
import type { CheckVerb } from './grammar.js';

/** A check to run and where to deliver the answer. */
export interface CheckJob {
  /** Unique per request (Slack trigger or event id); the worker answers each id once. */
  readonly id: string;
  readonly verb: CheckVerb;
  readonly cluster: string;
  readonly channel: string;
  readonly user: string;
  /** Where to answer: the command's response_url, or a thread in the channel. */
  readonly responseUrl?: string;
  readonly threadTs?: string;
  /** Answer visible only to the user. */
  readonly ephemeral: boolean;
  /** Show every finding (the Show all button). */
  readonly all: boolean;
  /** Set when the Re-run button asked for it: who pressed it (a Slack user id). */
  readonly rerunBy?: string;
}

/** Hands a job to whoever runs checks. Resolves when handed off, not when done. */
export type Dispatch = (job: CheckJob) => Promise<void>;

/** Re-run button value: the job without its delivery target. */
export function rerunValue(job: Pick<CheckJob, 'verb' | 'cluster'>): string {
  return JSON.stringify({ verb: job.verb, cluster: job.cluster });
}
