// docs/slack.md is generated from the real handlers (scripts/docs-slack.ts): it must match what they
// post today, so the documentation of each kind of answer cannot drift (issue #14).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { captureSlackDocs } from '../scripts/docs-slack.js';

test('docs/slack.md equals what the handlers post (run npx tsx scripts/docs-slack.ts)', async () => {
  const md = await captureSlackDocs();
  expect(readFileSync(join(import.meta.dirname, '..', 'docs', 'slack.md'), 'utf8')).toBe(md);
}, 60_000);
