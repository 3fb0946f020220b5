import { readFileSync } from 'node:fs';
import { diagnose } from '../src/diagnose/index.js';

const c = JSON.parse(readFileSync(process.argv[2] ?? '/tmp/cands.json', 'utf8')) as {
  id: string;
  expected: string;
  text: string;
}[];
for (const e of c) {
  const d = diagnose(e.text, new Date('2026-12-02T10:00:00Z'));
  const codes = d.findings.map((f) => f.code);
  const ok = e.expected === 'none' ? codes.length === 0 : codes[0] === e.expected;
  console.log(
    ok ? 'ok  ' : 'MISS',
    e.id,
    e.expected,
    '→',
    codes.join(',') || '-',
    d.differentials.map((x) => x.signature).join(';'),
  );
}
