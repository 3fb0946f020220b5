/**
 * The worker's Lambda entry: invoked asynchronously by the Slack ingress (retries off) with one job;
 * runs it through the one check-job path (jobs/check.ts) with the container's registry and ledger.
 * @module
 */

import { functionLedger, functionRegistry, slackConfig } from '../aws/config.js';
import { runJob } from '../jobs/check.js';
import { consoleLog, SLACK_API_URL } from '../slack/deliver.js';
import type { CheckJob } from '../slack/jobs.js';

/** Lambda entry: the event is the job the ingress sent. Two parameters (Node 24 runtime rule). */
export async function handler(event: CheckJob, _context: unknown): Promise<void> {
  const cfg = await slackConfig();
  await runJob(event, {
    registry: functionRegistry(),
    botToken: cfg.botToken,
    slackApiUrl: cfg.slackApiUrl ?? SLACK_API_URL,
    ...(cfg.slackApiUrl ? { localSlackOrigin: cfg.slackApiUrl } : {}),
    ledger: functionLedger(),
    log: consoleLog,
  });
}
