/**
 * Bounded concurrency: `fn` over `items`, at most `limit` at once, results in input order. Used for
 * probes and requests (cluster/), per-cluster scans and history diffs (jobs/), fan-out invokes.
 * @module
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, lane));
  return out;
}
