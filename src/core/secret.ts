/**
 * A wrapper for credentials that never prints itself.
 * @module
 */
import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A credential (token, signing secret, key). `String(secret)`, `JSON.stringify(secret)` and
 * `console.log(secret)` all print `[redacted]`; only {@link Secret.reveal} returns the value.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The raw value. Call only where it is sent to the system that needs it. */
  reveal(): string {
    return this.#value;
  }

  /** True when the secret holds no characters. */
  get isEmpty(): boolean {
    return this.#value.length === 0;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
