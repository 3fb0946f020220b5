#!/usr/bin/env node
// Entry point installed as `kube-triage`; the compiled CLI lives in dist/ (built by `npm install`).
import { runFromProcess } from '../dist/cli/main.js';

runFromProcess();
