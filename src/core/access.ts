/**
 * Which Slack channels may query a cluster: the one rule the ingress, the worker and the report
 * share.
 * @module
 */

/**
 * Whether a cluster may be queried from this Slack channel: its record lists the channel, or "*"
 * (every channel), or "dm" and the channel is a direct message (Slack DM ids start with D).
 */
export function allowedIn(r: { readonly channels: readonly string[] }, channel: string): boolean {
  return (
    r.channels.includes('*') ||
    r.channels.includes(channel) ||
    (r.channels.includes('dm') && channel.startsWith('D'))
  );
}
