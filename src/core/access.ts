/**
 * Which Slack channels may query a cluster: the one rule the ingress, the worker and the report
 * share.
 * @module
 */

/** Whether a cluster may be queried from this Slack channel (its record lists it, or "*"). */
export function allowedIn(r: { readonly channels: readonly string[] }, channel: string): boolean {
  return r.channels.includes('*') || r.channels.includes(channel);
}
