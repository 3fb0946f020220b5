// Prints the score and the misses of one split (or of both: all): npx tsx scripts/corpus-eval.ts [dev|test|all] [--summary]
import { describeScore, loadCorpus, score } from '../test/support/corpus.js';

const which = process.argv[2] ?? 'dev';
const corpus = loadCorpus();
// Only the split asked for is scored, so tuning on dev never shows test numbers by the way.
for (const split of ['dev', 'test'] as const)
  if (which === split || which === 'all')
    console.log(describeScore(split, score(corpus.filter((c) => c.split === split))));
if (process.argv.includes('--summary')) process.exit(0);
const chosen = which === 'all' ? corpus : corpus.filter((c) => c.split === which);
for (const m of score(chosen).misses)
  console.log(
    `\n${m.entry.id} ${m.entry.source} expected ${m.entry.expected} got [${m.codes.join(', ')}]\n  ${m.entry.text.slice(0, 300).replace(/\n/g, '\n  ')}`,
  );
