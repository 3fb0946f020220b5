/**
 * Slack credentials and where they come from in `serve` and local stages. Apart from `app.ts` so
 * that the functions that only post (the worker, the fleet scan) do not load Bolt and its Express
 * receiver (≈ 1 MB of their bundles).
 * @module
 */

/** Slack credentials and endpoints. */
export interface SlackConfig {
  readonly signingSecret: string;
  readonly botToken: string;
  /** Bot ids skip Bolt's auth.test call at construction (a network call on every cold start). */
  readonly botId: string;
  readonly botUserId: string;
  /** Web API base URL; tests point it at a local server. @default https://slack.com/api/ */
  readonly slackApiUrl?: string;
}

/**
 * Slack settings from the environment (`serve`, local stages): SLACK_SIGNING_SECRET,
 * SLACK_BOT_TOKEN, SLACK_BOT_ID, SLACK_BOT_USER_ID and, for a local stand-in, SLACK_API_URL. Bot
 * ids default to placeholders (Bolt only needs them to skip auth.test). The one place they are read.
 */
export function slackConfigFromEnv(env: NodeJS.ProcessEnv, o: { allowApiUrl: boolean }): SlackConfig {
  return {
    signingSecret: env.SLACK_SIGNING_SECRET ?? '',
    botToken: env.SLACK_BOT_TOKEN ?? '',
    botId: env.SLACK_BOT_ID ?? 'B00000000',
    botUserId: env.SLACK_BOT_USER_ID ?? 'U00000000',
    ...(o.allowApiUrl && env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}),
  };
}
