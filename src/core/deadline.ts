/**
 * The one way kube-triage bounds work in time. `AbortSignal.any([…, AbortSignal.timeout(ms)])` holds
 * its sources weakly, and on Node 20 a combined signal nothing else references can be collected
 * before its timer fires, so the timeout never happens (nodejs/node#57736: a hostile apiserver kept
 * a listing open for 222 s). Here the timer itself holds the controller, so the signal fires even
 * when the caller kept no reference to it.
 * @module
 */
import { setMaxListeners } from 'node:events';

/** The reason a deadline aborts with (`name` is 'TimeoutError', as for AbortSignal.timeout). */
export class DeadlineError extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * A signal that aborts after `ms`, or as soon as any parent aborts (with the parent's reason). The
 * timer does not keep the process alive; parent listeners are removed once this signal aborts.
 */
export function deadline(ms: number, ...parents: readonly (AbortSignal | undefined)[]): AbortSignal {
  return combine(ms, parents);
}

/** A signal that aborts as soon as any parent aborts: AbortSignal.any without its weak references. */
export function linked(...parents: readonly (AbortSignal | undefined)[]): AbortSignal {
  return combine(undefined, parents);
}

function combine(ms: number | undefined, parents: readonly (AbortSignal | undefined)[]): AbortSignal {
  const c = new AbortController();
  const live = parents.filter((p): p is AbortSignal => p !== undefined);
  const already = live.find((p) => p.aborted);
  if (already) {
    c.abort(already.reason);
    return c.signal;
  }
  const timer =
    ms === undefined
      ? undefined
      : setTimeout(() => c.abort(new DeadlineError(`timed out after ${ms} ms`)), ms);
  timer?.unref?.();
  const onParent = (e: Event) => c.abort((e.target as AbortSignal).reason);
  // A scan's budget is the parent of every request in it: many listeners at once is expected (each
  // is removed when its child aborts), not a leak to warn about.
  if (live.length > 0) setMaxListeners(0, ...live);
  for (const p of live) p.addEventListener('abort', onParent, { once: true });
  c.signal.addEventListener(
    'abort',
    () => {
      clearTimeout(timer);
      for (const p of live) p.removeEventListener('abort', onParent);
    },
    { once: true },
  );
  return c.signal;
}

/** Whether an error is a deadline (ours or the platform's TimeoutError). */
export function isDeadline(e: unknown): boolean {
  return e instanceof Error && e.name === 'TimeoutError';
}
