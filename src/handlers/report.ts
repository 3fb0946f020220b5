/**
 * The daily report's Lambda entry (EventBridge schedule): reads the Slack secrets and the cluster
 * records, and runs the one daily-report path (jobs/daily.ts) against the DynamoDB history.
 * @module
 */
import { reportOnce } from '../jobs/daily.js';
import { DynamoStore } from '../report/store.js';
import { consoleLog, SLACK_API_URL } from '../slack/deliver.js';
import { functionRegistry, slackConfig } from './config.js';

/** Lambda entry. `channels` limits which channels this run posts to (all when absent). */
export async function handler(
  event: { channels?: string[] },
  _context: unknown,
): Promise<{ posted: number }> {
  const cfg = await slackConfig();
  const posted = await reportOnce(
    functionRegistry(),
    new DynamoStore(process.env.HISTORY_TABLE ?? 'kube-triage-history'),
    { apiUrl: cfg.slackApiUrl ?? SLACK_API_URL, token: cfg.botToken },
    consoleLog,
    event.channels?.length ? { channels: event.channels } : {},
  );
  return { posted: posted.length };
}
