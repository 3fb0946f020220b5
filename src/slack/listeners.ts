/**
 * What kube-triage does with each kind of Slack input: `/k8s` commands (listen/command.ts), the
 * "Diagnose with kube-triage" message shortcut, mentions and DMs (listen/text.ts) and buttons
 * (listen/buttons.ts). Cluster work is dispatched; diagnosing a paste is pure and answered inline. A
 * cluster answers only in the channels its record allows (answers.ts: the shared answers).
 * @module
 */
import type { App } from '@slack/bolt';
import type { ListenerDeps } from './answers.js';
import { buttonListeners } from './listen/buttons.js';
import { commandListener } from './listen/command.js';
import { shortcutListener, textListeners } from './listen/text.js';

export { admit, type ListenerDeps, slackErrorCode } from './answers.js';

/** Registers every listener on the app. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  commandListener(app, deps);
  shortcutListener(app, deps);
  textListeners(app, deps);
  buttonListeners(app, deps);
}
