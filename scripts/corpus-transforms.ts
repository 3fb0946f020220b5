// How the dev split scores when its texts arrive in other shapes (test/support/paste-shapes.ts):
// hard-wrapped by a terminal, quoted in Slack, fenced, HTML-escaped, lower-cased, as container JSON
// logs, one line, timestamped, or said of a Kubernetes cluster. A shape changes how a text is
// pasted, not what it says, so every drop is a generalisation gap. Dev only (never the test split).
// Usage: npx tsx scripts/corpus-transforms.ts
import { type CorpusEntry, loadCorpus, score } from '../test/support/corpus.js';
import { PASTE_SHAPES } from '../test/support/paste-shapes.js';

const dev = loadCorpus().filter((e) => e.split === 'dev');
const base = score(dev);
const missedBefore = new Set(base.misses.map((m) => m.entry.id));
for (const [name, shape] of Object.entries(PASTE_SHAPES)) {
  const s = score(dev.map((e): CorpusEntry => ({ ...e, text: shape(e.text) })));
  const fresh = s.misses.filter((m) => !missedBefore.has(m.entry.id));
  const lost = fresh.filter((m) => m.entry.expected !== 'none').map((m) => m.entry.id);
  const flagged = fresh.filter((m) => m.entry.expected === 'none').map((m) => m.entry.id);
  console.log(
    `${name.padEnd(19)} family ${s.family}/${s.positives}  exact ${s.exact}/${s.positives}  false positives ${s.falsePositives}/${s.lookalikes}` +
      (lost.length ? `  lost: ${lost.join(' ')}` : '') +
      (flagged.length ? `  newly flagged: ${flagged.join(' ')}` : ''),
  );
}
