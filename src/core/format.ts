/**
 * Small formatting helpers shared by the checks and the diagnosis (durations, signed offsets, dates).
 * @module
 */

/** English month abbreviations, as HTTP dates, syslog and openssl print them ("Jan" … "Dec"). */
export const MONTHS: readonly string[] = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/** "+90.0 s", "−0.4 s" (ASCII minus for copy-paste). */
export function signedSeconds(ms: number, digits = 1): string {
  const s = ms / 1000;
  return `${s >= 0 ? '+' : '-'}${Math.abs(s).toFixed(digits)} s`;
}

/** "±0.5 s" */
export function plusMinus(ms: number): string {
  return `±${(ms / 1000).toFixed(ms < 100 ? 2 : 1)} s`;
}

/** A duration in the largest sensible unit: "45 s", "12 min", "5.3 h", "54 days". */
export function duration(ms: number): string {
  const a = Math.abs(ms);
  if (a < 120_000) return `${Math.round(a / 1000)} s`;
  if (a < 7_200_000) return `${Math.round(a / 60_000)} min`;
  if (a < 172_800_000) return `${(a / 3_600_000).toFixed(1)} h`;
  return `${Math.round(a / 86_400_000)} days`;
}

/** "2026-11-24 08:12:15 UTC" */
export function utc(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Quotes a shell argument when it needs quoting. */
export function shq(s: string): string {
  return /^[A-Za-z0-9_./:@=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
