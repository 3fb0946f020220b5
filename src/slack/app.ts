/**
 * The Bolt app, on any receiver: AwsLambdaReceiver (Lambda), HTTPReceiver (`kube-triage serve`) or
 * Socket Mode (local development). The only file that constructs Bolt; @slack/bolt is CommonJS and
 * its named exports work from ESM (bolt-js AGENTS.md: compiled to CommonJS).
 * @module
 */
import {
  App,
  AwsLambdaReceiver,
  HTTPReceiver,
  LogLevel,
  type Receiver,
  SocketModeReceiver,
} from '@slack/bolt';
import type { Log } from './deliver.js';
import { type ListenerDeps, registerListeners } from './listeners.js';

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

/** Bolt's logger, quiet: INFO would log invalid signatures, DEBUG the whole raw event. */
function boltLogger(log: Log) {
  return {
    debug: () => {},
    info: () => {},
    warn: (...m: unknown[]) => log.warn('bolt', { detail: String(m[0]).slice(0, 200) }),
    error: (...m: unknown[]) =>
      log.warn('bolt error', { detail: String((m[0] as Error)?.message ?? m[0]).slice(0, 200) }),
    setLevel: () => {},
    getLevel: () => LogLevel.WARN,
    setName: () => {},
  };
}

function build(receiver: Receiver, cfg: SlackConfig, deps: ListenerDeps): App {
  const app = new App({
    token: cfg.botToken,
    botId: cfg.botId,
    botUserId: cfg.botUserId,
    receiver,
    logger: boltLogger(deps.log),
    clientOptions: {
      ...(cfg.slackApiUrl ? { slackApiUrl: cfg.slackApiUrl } : {}),
      retryConfig: { retries: 2 },
      timeout: 5_000,
    },
  });
  registerListeners(app, deps);
  return app;
}

/** The app on Lambda; returns the receiver whose handler the Lambda entry wraps. */
export function lambdaApp(cfg: SlackConfig, deps: ListenerDeps): AwsLambdaReceiver {
  const receiver = new AwsLambdaReceiver({
    signingSecret: cfg.signingSecret,
    logger: boltLogger(deps.log),
    logLevel: LogLevel.WARN,
  });
  build(receiver, cfg, deps);
  return receiver;
}

/** The app as a long-running HTTP server (acks first, then runs the listener). */
export function httpApp(cfg: SlackConfig, deps: ListenerDeps): { app: App; receiver: HTTPReceiver } {
  const receiver = new HTTPReceiver({
    signingSecret: cfg.signingSecret,
    logger: boltLogger(deps.log),
    logLevel: LogLevel.WARN,
    endpoints: '/slack/events',
    processBeforeResponse: false,
  });
  return { app: build(receiver, cfg, deps), receiver };
}

/** The app over Socket Mode (SLACK_APP_TOKEN), for development against a real workspace. */
export function socketApp(cfg: SlackConfig, appToken: string, deps: ListenerDeps): App {
  const receiver = new SocketModeReceiver({
    appToken,
    logger: boltLogger(deps.log),
    logLevel: LogLevel.WARN,
  });
  return build(receiver, cfg, deps);
}
