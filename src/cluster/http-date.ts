/**
 * HTTP Date headers, strictly (RFC 9110 §5.6.7): IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", what
 * Go's net/http sends) and the two obsolete forms a recipient must still accept (RFC 850 and
 * asctime). Anything else is no clock reading: `Date.parse` would read "0" as the year 2000 and
 * "1" as 2001, so a hostile or broken server could pass for a clock decades off.
 * @module
 */
import { MONTHS } from '../core/format.js';

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MON = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '(\\d\\d):(\\d\\d):(\\d\\d)';
const IMF = new RegExp(`^${DAY}, (\\d\\d) ${MON} (\\d{4}) ${TIME} GMT$`);
const RFC850 = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d\\d)-${MON}-(\\d\\d) ${TIME} GMT$`,
);
const ASCTIME = new RegExp(`^${DAY} ${MON} ([ \\d]\\d) ${TIME} (\\d{4})$`);

function utc(y: number, mon: string, d: number, h: number, mi: number, s: number): number | undefined {
  const m = MONTHS.indexOf(mon);
  if (m < 0 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const t = Date.UTC(y, m, d, h, mi, Math.min(s, 59));
  // Reject dates that roll over (31 Feb).
  return new Date(t).getUTCDate() === d ? t : undefined;
}

/** Milliseconds since the epoch for a valid HTTP date, else undefined. */
export function parseHttpDate(v: string | undefined): number | undefined {
  if (!v || v.length > 40) return undefined;
  const s = v.trim();
  let m = IMF.exec(s);
  if (m) return utc(Number(m[3]), m[2] as string, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  m = RFC850.exec(s);
  if (m) {
    // Two-digit years: RFC 9110 reads one more than 50 years ahead as the past century.
    const yy = Number(m[3]);
    const now = new Date().getUTCFullYear();
    let y = Math.floor(now / 100) * 100 + yy;
    if (y > now + 50) y -= 100;
    return utc(y, m[2] as string, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  }
  m = ASCTIME.exec(s);
  if (m)
    return utc(
      Number(m[6]),
      m[1] as string,
      Number((m[2] as string).trim()),
      Number(m[3]),
      Number(m[4]),
      Number(m[5]),
    );
  return undefined;
}
