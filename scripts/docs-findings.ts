// Writes docs/findings.md from the code catalog (`npm run docs:findings`).
import { writeFileSync } from 'node:fs';
import { findingsDoc } from '../src/core/codes-doc.js';

writeFileSync(new URL('../docs/findings.md', import.meta.url), findingsDoc());
