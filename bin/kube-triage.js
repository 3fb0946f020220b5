#!/usr/bin/env node
// Entry point installed as `kube-triage`; the compiled CLI lives in dist/ (built by `npm install`).
// `--version` is answered here, before anything is loaded (the CLI starts like kubectl).
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else {
  const { runFromProcess } = await import('../dist/cli/main.js');
  runFromProcess();
}
