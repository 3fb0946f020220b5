// Generates docs/slack.md: the Block Kit of each kind of answer, captured from the real handlers
// (signed requests into the Lambda ingress, the real worker, the embedded demo sandbox, a local Slack
// API). Volatile values (times, loopback addresses, ports, ids) are normalised so that the file only
// changes when an answer does; test/docs.test.ts fails when it is stale.
//   npx tsx scripts/docs-slack.ts          writes docs/slack.md
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryLedger } from '../src/core/ledger.js';
import {
  blocksOfCall,
  buttonBody,
  dmEvent,
  eventBody,
  gatewayEvent,
  type SlackCall,
  signedHeaders,
  slashBody,
  textFile,
} from '../test/support/slack.js';
import { demoSlackWorld } from '../test/support/slack-world.js';

const ROOT = join(import.meta.dirname, '..');
const FORM = 'application/x-www-form-urlencoded';

/** Replaces what changes from run to run. */
function normalise(json: string): string {
  return (
    json
      .replace(/\d{4}-\d\d-\d\d[ T]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z| UTC)?/g, '<time>')
      .replace(/\d{4}-\d\d-\d\d/g, '<date>')
      .replace(/127\.\d{1,3}\.\d{1,3}\.\d{1,3}(?::\d+)?/g, '<loopback>')
      .replace(/:\d{4,5}\//g, ':<port>/')
      .replace(/\b\d{10}\.\d{6}\b/g, '<ts>')
      .replace(/"trig-[a-z0-9]+"/g, '"<trigger>"')
      .replace(/@\d{9,11}\b/g, '@<unix time>')
      // Measured clock figures vary by milliseconds between runs.
      .replace(/[+±-]?\d+(?:\.\d+)? s\b/g, '<seconds>')
  );
}

/** Runs every kind of answer and returns the Markdown of docs/slack.md. */
export async function captureSlackDocs(): Promise<string> {
  const world = await demoSlackWorld({ ledger: new MemoryLedger() });
  const { slack, handler } = world;
  try {
    const send = async (body: string): Promise<unknown> => {
      const res = await handler(gatewayEvent(body, signedHeaders(body, FORM)), {});
      await world.settle();
      return JSON.parse(res.body || '{}');
    };
    const since = (n: number): SlackCall[] => slack.calls.slice(n);
    const sections: string[] = [];
    const show = (title: string, what: string, payloads: unknown[]): void => {
      sections.push(
        `## ${title}\n\n${what}\n\n${payloads
          .map((p) => `\`\`\`json\n${normalise(JSON.stringify(p, null, 2))}\n\`\`\``)
          .join('\n\n')}\n`,
      );
    };

    const slash = (text: string, id: string) =>
      send(slashBody(text, { responseUrl: `${slack.url}/response/${id}`, trigger: id }));

    let n = slack.calls.length;
    const ack = await slash('report prod', 'report');
    show(
      '`/k8s report prod`: the answer in the channel',
      'The ephemeral acknowledgement (the only progress note), then the one-screen summary posted at the response_url: every incident on one line with its severity word, most severe first; Details posts every finding in full into the thread.',
      [ack, ...since(n).map((c) => c.body)],
    );

    n = slack.calls.length;
    await send(
      buttonBody('kt_show_all', JSON.stringify({ verb: 'report', cluster: 'prod' }), {
        responseUrl: `${slack.url}/response/details`,
        trigger: 'details',
      }),
    );
    show(
      'Details: every finding in the thread',
      'Each finding with its evidence, why, how to confirm, and the fix: where to run each step as a label, the caution before the command, one code block per command.',
      since(n)
        .slice(0, 1)
        .map((c) => c.body),
    );

    n = slack.calls.length;
    await slash('report staging', 'down');
    show(
      'A cluster that cannot be reached',
      'A failure, never a check mark.',
      since(n).map((c) => c.body),
    );

    show(
      '`/k8s diagnose …`',
      'A pasted error, answered only to the asker; credentials in it are redacted and named.',
      [
        await slash(
          'diagnose E0223 08:14:15.123456 1 authentication.go:70] "Unable to authenticate the request" err="[invalid bearer token, service account token is not valid yet]"',
          'diag',
        ),
      ],
    );
    // A DM with a text snippet and a screenshot: the snippet is read with the message, the image named.
    slack.files.set('/files-pri/T1-F1/download/kubelet.log', {
      body: 'E0401 00:02:28.000000    3553 pod_workers.go:1298] "Error syncing pod" err="failed to allocate for range 0: no IP addresses available in range set: 10.42.1.1-10.42.1.254"',
    });
    const dm = eventBody(
      'Ev-docs-dm',
      dmEvent({
        text: 'pods on node-3 stuck since this morning, log attached',
        ts: '1700000000.000900',
        channel: 'D-DOCS',
        files: [
          textFile('F1', 'kubelet.log', `${slack.url}/files-pri/T1-F1/download/kubelet.log`, 170),
          {
            id: 'F2',
            name: 'screenshot.png',
            mimetype: 'image/png',
            filetype: 'png',
            size: 90_000,
            url_private_download: `${slack.url}/files-pri/T1-F2/screenshot.png`,
          },
        ],
      }),
    );
    await handler(gatewayEvent(dm, signedHeaders(dm, 'application/json')), {});
    const dmAnswer = await slack.waitFor(
      (c) => c.path === '/api/chat.postMessage' && c.body.channel === 'D-DOCS',
    );
    show(
      'A DM with a log snippet attached',
      'Text snippets and text files attached to a DM, a mention or a shortcut message are read with it (scope `files:read`); what cannot be read (an image, a file over 1 MiB, a sign-in page) is named under the header.',
      [{ ...dmAnswer.body, blocks: blocksOfCall(dmAnswer) }],
    );
    show('A typo', '"Did you mean", with a button that runs it.', [await slash('prodd', 'typo')]);
    show('A greeting or a question', 'Help, with examples for the clusters this channel may query.', [
      await slash('hi, what can you do?', 'hi'),
    ]);
    return `# What kube-triage posts in Slack

Generated by \`npx tsx scripts/docs-slack.ts\` from the real handlers (signed requests into the Lambda
ingress, the worker, the demo sandbox); test/docs.test.ts fails when it is out of date. Times,
loopback addresses and ids are normalised.

${sections.join('\n')}`;
  } finally {
    await world.close();
  }
}

if (process.argv[1]?.endsWith('docs-slack.ts')) {
  const md = await captureSlackDocs();
  writeFileSync(join(ROOT, 'docs', 'slack.md'), md);
  process.stdout.write('docs/slack.md\n');
}
