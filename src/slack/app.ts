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
import type { SlackConfig } from './config.js';
import type { Log } from './deliver.js';
import { type ListenerDeps, registerListeners } from './listeners.js';
import { SLACK_FILES_ORIGIN, snippetReader } from './snippets.js';

export type { SlackConfig } from './config.js';

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
  registerListeners(app, {
    ...deps,
    // Attached files only from Slack's file host (or the local Slack a test or `serve` points at).
    snippets:
      deps.snippets ?? snippetReader([SLACK_FILES_ORIGIN, ...(cfg.slackApiUrl ? [cfg.slackApiUrl] : [])]),
  });
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
