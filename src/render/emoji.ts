/**
 * Severity markers: the only place severities map to emoji, colours and plain tags.
 * @module
 */
import type { Severity } from '../core/severity.js';

/** Slack emoji per severity. */
export const SLACK_EMOJI: Record<Severity, string> = {
  critical: ':red_circle:',
  warning: ':large_orange_circle:',
  info: ':large_blue_circle:',
};

/** Plain-text tag per severity (no-emoji mode). */
export const TAG: Record<Severity, string> = { critical: 'CRITICAL', warning: 'WARNING', info: 'INFO' };

/** ANSI colour codes per severity. */
export const ANSI: Record<Severity, string> = {
  critical: '\u001b[31;1m',
  warning: '\u001b[33;1m',
  info: '\u001b[36m',
};

/**
 * The severity as a reader sees it in Slack: the coloured marker and the word (red and orange
 * dots are hard to tell apart for colour-blind readers).
 */
export function marker(s: Severity): string {
  return `${SLACK_EMOJI[s]} *${TAG[s]}*`;
}
