// Copies the shared reference material the tests use into test/fixtures/ (tests never read outside
// the repository): CODES.md and the labelled paste corpora. Run after the shared copy changes:
//   npx tsx scripts/sync-fixtures.ts <dir holding CODES.md and examples/>
import { copyFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const from = process.argv[2];
if (!from || !existsSync(join(from, 'CODES.md'))) {
  process.stderr.write('usage: npx tsx scripts/sync-fixtures.ts <dir holding CODES.md and examples/>\n');
  process.exit(2);
}
const to = resolve(import.meta.dirname, '..', 'test', 'fixtures');
for (const [src, dst] of [
  ['CODES.md', 'CODES.md'],
  [join('examples', 'pastes.jsonl'), 'pastes.jsonl'],
  [join('examples', 'pastes-2.jsonl'), 'pastes-2.jsonl'],
] as const) {
  copyFileSync(join(from, src), join(to, dst));
  process.stdout.write(`test/fixtures/${dst}\n`);
}
