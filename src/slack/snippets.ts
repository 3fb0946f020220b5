/**
 * Text snippets and text files attached to a DM, a mention or a message the shortcut is used on:
 * read from Slack (`url_private_download`, the bot token, scope `files:read`), bounded in count,
 * bytes and time, and only from Slack's file host; anything else is named, never fetched.
 * @module
 */
import { deadline, isDeadline } from '../core/deadline.js';
import { SNIPPET_FETCH_TIMEOUT_MS, SNIPPET_MAX_BYTES, SNIPPETS_MAX } from '../core/limits.js';

/** The fields of a Slack file object this reads (events carry more). */
export interface SlackFile {
  readonly id?: string;
  readonly name?: string;
  readonly title?: string;
  readonly mimetype?: string;
  readonly filetype?: string;
  readonly mode?: string;
  readonly size?: number;
  readonly url_private?: string;
  readonly url_private_download?: string;
}

/** What was read: the text of each file that could be, and a short note for each that could not. */
export interface Snippets {
  readonly text: string;
  readonly notes: readonly string[];
}

/** Reads the text files of a message; `token` is the bot token (never logged, never echoed). */
export type SnippetReader = (
  files: readonly SlackFile[] | undefined,
  token: string | undefined,
) => Promise<Snippets>;

/** Slack's host for private files. */
export const SLACK_FILES_ORIGIN = 'https://files.slack.com';

/** Slack filetypes that are text (snippets take the language as filetype). */
const TEXT_FILETYPES =
  /^(?:text|log|shell|bash|sh|yaml|yml|json|javascript|typescript|go|python|xml|ini|toml|markdown|diff|csv|sql|c|cpp|java|ruby|rust|powershell|dockerfile|plain)$/i;

function isText(f: SlackFile): boolean {
  return (
    f.mode === 'snippet' ||
    /^text\//i.test(f.mimetype ?? '') ||
    /^application\/(?:json|x-yaml|yaml|x-sh)$/i.test(f.mimetype ?? '') ||
    TEXT_FILETYPES.test(f.filetype ?? '')
  );
}

const label = (f: SlackFile): string => `"${(f.name ?? f.title ?? f.id ?? 'file').slice(0, 80)}"`;

/**
 * A reader that fetches only from `origins` (Slack's file host; a local stand-in in tests). Files
 * beyond SNIPPETS_MAX, images and PDFs, files over SNIPPET_MAX_BYTES, a login page instead of the
 * file (the app lacks `files:read`) and a slow download each get a note instead of text.
 */
export function snippetReader(origins: readonly string[], fetchImpl: typeof fetch = fetch): SnippetReader {
  const allowed = new Set(origins.map((o) => new URL(o).origin));
  return async (files, token) => {
    const notes: string[] = [];
    const texts: string[] = [];
    const all = (files ?? []).slice(0, 20);
    if (all.length === 0) return { text: '', notes };
    if (!token) return { text: '', notes: ['Attached files were not read (no bot token).'] };
    const signal = deadline(SNIPPET_FETCH_TIMEOUT_MS);
    let tried = 0;
    for (const f of all) {
      if (!isText(f)) {
        notes.push(
          `${label(f)} is not text (${(f.mimetype ?? f.filetype ?? 'unknown type').slice(0, 40)}): not read.`,
        );
        continue;
      }
      if ((f.size ?? 0) > SNIPPET_MAX_BYTES) {
        notes.push(
          `${label(f)} is ${Math.ceil((f.size ?? 0) / 1024)} KiB, over the ${SNIPPET_MAX_BYTES / 1024} KiB read: paste the lines around the error.`,
        );
        continue;
      }
      if (tried >= SNIPPETS_MAX) {
        notes.push(`${label(f)}: only ${SNIPPETS_MAX} text files are read per message.`);
        continue;
      }
      tried++;
      const raw = f.url_private_download ?? f.url_private;
      let url: URL | undefined;
      try {
        url = raw ? new URL(raw) : undefined;
      } catch {
        url = undefined;
      }
      if (!url || !allowed.has(url.origin)) {
        notes.push(`${label(f)} is not on Slack's file host: not read.`);
        continue;
      }
      try {
        const res = await fetchImpl(url, {
          headers: { Authorization: `Bearer ${token}` },
          // A redirect would carry the request elsewhere; Slack serves the file directly.
          redirect: 'manual',
          signal,
        });
        if (res.status !== 200) {
          await res.body?.cancel();
          notes.push(`${label(f)} could not be read (Slack answered ${res.status}).`);
          continue;
        }
        if (/text\/html/i.test(res.headers.get('content-type') ?? '')) {
          await res.body?.cancel();
          notes.push(
            `${label(f)} could not be read: Slack answered with a sign-in page (the app needs the files:read scope; reinstall it from infra/slack/manifest.yml).`,
          );
          continue;
        }
        const body = await readCapped(res, SNIPPET_MAX_BYTES);
        if (body === undefined) {
          notes.push(
            `${label(f)} is over the ${SNIPPET_MAX_BYTES / 1024} KiB read: paste the lines around the error.`,
          );
          continue;
        }
        texts.push(body);
      } catch (e) {
        notes.push(
          isDeadline(e) || signal.aborted
            ? `${label(f)} took too long to download: paste the lines around the error.`
            : `${label(f)} could not be read (network error).`,
        );
      }
    }
    return { text: texts.join('\n'), notes };
  };
}

/** The body as UTF-8 text, or undefined when it passes `max` bytes (the rest is not read). */
async function readCapped(res: Response, max: number): Promise<string | undefined> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.byteLength;
    if (n > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
