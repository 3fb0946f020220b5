/**
 * A ledger of short-lived claims and counters: one answer per job id across containers, one scan
 * per cluster and check at a time, and per-user / per-channel rate limits. On Lambda it is the
 * DynamoDB history table (conditional writes, TTL); in one process, memory.
 * @module
 */

/** Claims and counters with an expiry. */
export interface Ledger {
  /** Takes `key` for `ttlS` seconds; false when someone holds it already (a duplicate). */
  claim(key: string, ttlS: number): Promise<boolean>;
  /** Gives `key` back before it expires (a finished scan). */
  release(key: string): Promise<void>;
  /**
   * Counts one use of `key` in the current `windowS` window; false (and not counted) once `limit`
   * uses were counted in that window.
   */
  count(key: string, limit: number, windowS: number): Promise<boolean>;
  /** Keeps a value (at most LEDGER_VALUE_MAX_CHARS) under `key` for `ttlS` seconds. */
  keep(key: string, value: string, ttlS: number): Promise<void>;
  /** The value kept under `key`, or undefined when there is none (or it expired). */
  recall(key: string): Promise<string | undefined>;
}

/** Largest value the ledger keeps, characters (a Slack message: Block Kit stays well below). */
export const LEDGER_VALUE_MAX_CHARS = 100_000;

/** The ledger of one process (serve, the CLI, tests). */
export class MemoryLedger implements Ledger {
  readonly #claims = new Map<string, number>();
  /** Expiry of each claim as it was taken: a release compares it with the current one. */
  readonly #mine = new Map<string, number>();
  readonly #counts = new Map<string, { n: number; until: number }>();
  readonly #values = new Map<string, { value: string; until: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async claim(key: string, ttlS: number): Promise<boolean> {
    const now = this.#now();
    const until = this.#claims.get(key);
    if (until !== undefined && until > now) return false;
    this.#claims.set(key, now + ttlS * 1000);
    this.#mine.set(key, now + ttlS * 1000);
    if (this.#claims.size > 10_000) for (const [k, u] of this.#claims) if (u <= now) this.#claims.delete(k);
    return true;
  }

  /** Gives a claim back only while it is the one this ledger took (not one taken after it expired). */
  async release(key: string): Promise<void> {
    const mine = this.#mine.get(key);
    this.#mine.delete(key);
    if (mine !== undefined && this.#claims.get(key) === mine) this.#claims.delete(key);
  }

  async keep(key: string, value: string, ttlS: number): Promise<void> {
    const now = this.#now();
    if (value.length > LEDGER_VALUE_MAX_CHARS) return;
    this.#values.set(key, { value, until: now + ttlS * 1000 });
    if (this.#values.size > 1_000)
      for (const [k, v] of this.#values) if (v.until <= now) this.#values.delete(k);
  }

  async recall(key: string): Promise<string | undefined> {
    const v = this.#values.get(key);
    return v && v.until > this.#now() ? v.value : undefined;
  }

  async count(key: string, limit: number, windowS: number): Promise<boolean> {
    const now = this.#now();
    const window = Math.floor(now / (windowS * 1000));
    const k = `${key}#${window}`;
    const c = this.#counts.get(k) ?? { n: 0, until: (window + 1) * windowS * 1000 };
    if (c.n >= limit) return false;
    c.n++;
    this.#counts.set(k, c);
    if (this.#counts.size > 10_000)
      for (const [x, v] of this.#counts) if (v.until <= now) this.#counts.delete(x);
    return true;
  }
}
