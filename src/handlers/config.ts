/**
 * Secrets and settings for the Lambda functions: read from SSM Parameter Store under PARAM_PREFIX
 * once per cold start and cached (never placed in plain environment variables); locally, from
 * SLACK_* environment variables. Also the registry each function reads clusters from.
 * @module
 */
import type { ClusterRegistry } from '../cluster/registry.js';
import { FileRegistry } from '../cluster/registry-file.js';
import { SsmRegistry } from '../cluster/registry-ssm.js';
import type { SlackConfig } from '../slack/app.js';

let cached: Promise<SlackConfig> | undefined;

/** Slack credentials: SSM `${PARAM_PREFIX}/slack/{signing-secret,bot-token,bot-id,bot-user-id}`, else env. */
export function slackConfig(env: NodeJS.ProcessEnv = process.env): Promise<SlackConfig> {
  cached ??= (async () => {
    const prefix = env.PARAM_PREFIX;
    // SLACK_SIGNING_SECRET in the environment is for local runs only (serverless-offline, tests).
    if (prefix && !env.SLACK_SIGNING_SECRET) {
      const names = ['signing-secret', 'bot-token', 'bot-id', 'bot-user-id'].map(
        (n) => `${prefix}/slack/${n}`,
      );
      // Loaded on first use: the SDK is not on every cold start's path.
      const { GetParametersCommand, SSMClient } = await import('@aws-sdk/client-ssm');
      const out = await new SSMClient({}).send(
        new GetParametersCommand({ Names: names, WithDecryption: true }),
      );
      const v = (n: string): string =>
        out.Parameters?.find((p) => p.Name === `${prefix}/slack/${n}`)?.Value ?? '';
      return {
        signingSecret: v('signing-secret'),
        botToken: v('bot-token'),
        botId: v('bot-id'),
        botUserId: v('bot-user-id'),
        ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}),
      };
    }
    return {
      signingSecret: env.SLACK_SIGNING_SECRET ?? '',
      botToken: env.SLACK_BOT_TOKEN ?? '',
      botId: env.SLACK_BOT_ID ?? 'B00000000',
      botUserId: env.SLACK_BOT_USER_ID ?? 'U00000000',
      ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}),
    };
  })();
  return cached;
}

/** Cluster records: KUBE_TRIAGE_CLUSTERS (a YAML file in the bundle) or SSM under PARAM_PREFIX. */
export function functionRegistry(env: NodeJS.ProcessEnv = process.env): ClusterRegistry {
  if (env.KUBE_TRIAGE_CLUSTERS) return new FileRegistry(env.KUBE_TRIAGE_CLUSTERS);
  if (env.PARAM_PREFIX) return new SsmRegistry(env.PARAM_PREFIX);
  throw new Error('no cluster registry: set PARAM_PREFIX (SSM) or KUBE_TRIAGE_CLUSTERS (file)');
}
