/**
 * Error reporting that keeps the cause without leaking it: a short hash of a stack, to tell failures
 * apart in logs that must not carry messages (they can hold response bodies, tokens, payloads).
 * @module
 */
import { createHash } from 'node:crypto';

/** A 12-hex-digit hash of an error's stack frames (its first line, the message, left out). */
export function stackHash(e: unknown): string {
  const stack = String((e as Error)?.stack ?? e).replace(/^.*\n/, '');
  return createHash('sha256').update(stack).digest('hex').slice(0, 12);
}
