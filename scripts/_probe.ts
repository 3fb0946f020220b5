import { diagnose } from '../src/diagnose/index.js';
const texts = process.argv.slice(2);
for (const t of texts) { const d = diagnose(t, new Date()); console.log(d.findings.map(f=>f.code).join(',') || 'NONE', '|', t.slice(0,90)); }
