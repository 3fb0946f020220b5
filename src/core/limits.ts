/**
 * Time and size budgets, in one place so that every bound has a name and a unit.
 * @module
 */

/** Per-request timeout for a cluster API call, in milliseconds. */
export const API_REQUEST_TIMEOUT_MS = 8_000;
/** Budget for collecting one snapshot (all parts, all pages), in milliseconds. */
export const SNAPSHOT_BUDGET_MS = 45_000;
/** Page size for list calls; the apiserver default maximum is 500 for most clients. */
export const LIST_PAGE_SIZE = 500;
/** Timeout of one TLS or clock probe, in milliseconds. */
export const PROBE_TIMEOUT_MS = 3_000;
/**
 * Longest watch on the apiserver identity Leases, in milliseconds: one renewal interval (10 s,
 * kubernetes pkg/controlplane/instance.go IdentityLeaseRenewIntervalPeriod) plus delivery slack.
 */
export const IDENTITY_WATCH_MS = 11_500;
/** Retries for 429 / 5xx / connection reset on one API call (after the first try). */
export const API_MAX_RETRIES = 2;
/** Longest Retry-After honoured, in milliseconds; longer waits count as a timeout. */
export const API_MAX_RETRY_AFTER_MS = 5_000;

/** Largest paste diagnosed, in bytes (UTF-8); the rest is cut and the answer says so. */
export const PASTE_MAX_BYTES = 1024 * 1024;
/** Longest line examined by the rules, in characters; the rest of the line is ignored. */
export const PASTE_MAX_LINE_CHARS = 4_096;
/** Largest slash-command text accepted, in characters (Slack caps it near 4,000 already). */
export const COMMAND_TEXT_MAX_CHARS = 8_000;
/**
 * Largest DM or mention text accepted, in characters as the person typed them (Slack's message limit
 * is 40,000; its &lt; &gt; &amp; escaping is not counted against the person).
 */
export const MESSAGE_TEXT_MAX_CHARS = 40_000;
/** Attached text files (snippets) read from one message; more are named, not read. */
export const SNIPPETS_MAX = 3;
/** Largest attached text file read, in bytes (the paste limit: beyond it the answer says so). */
export const SNIPPET_MAX_BYTES = 1024 * 1024;
/**
 * Time to download the attached files of one message, ms: events are answered inside Slack's 3 s,
 * so what does not arrive in time is named instead.
 */
export const SNIPPET_FETCH_TIMEOUT_MS = 1_500;
/** Longest string taken from an API object into a snapshot (names, messages), in characters. */
export const API_STRING_MAX_CHARS = 1_024;

/** Checks one user may start per minute (a polite answer beyond). */
export const CHECKS_PER_USER_PER_MINUTE = 10;
/** Checks one channel may start per minute. */
export const CHECKS_PER_CHANNEL_PER_MINUTE = 30;
/**
 * How long a scan of one cluster and check is held, s: a second request meanwhile shares it (in one
 * process) or is told it is running (across Lambda containers). Above the 45 s snapshot budget.
 */
export const SCAN_HOLD_S = 60;
/** How long a job id or Events API event id is remembered for deduplication, s. */
export const DEDUPE_TTL_S = 3_600;
/** Checks `serve` runs at once; more wait in line. */
export const SERVE_MAX_CONCURRENT_JOBS = 8;
/**
 * `serve`: requests whose body is being read at once (before the signature can be checked); more
 * get 503 with Retry-After, so unauthenticated sockets cannot pile up memory.
 */
export const SERVE_MAX_READING_REQUESTS = 32;
/** `serve`: bytes of unauthenticated request bodies held at once, across all requests. */
export const SERVE_MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** `serve`: a request must arrive whole (headers and body) within this long, ms. */
export const SERVE_REQUEST_TIMEOUT_MS = 15_000;
/** How long a private answer can still be shared in the channel (Share button), s. */
export const SHARE_TTL_S = 86_400;
/**
 * Longest certificate-bearing field read from an API object (a PEM chain, a caBundle, a CSR
 * request), characters: a chain of a few certificates is 2–8 KB; anything larger is not a bundle.
 */
export const API_CERT_FIELD_MAX_CHARS = 65_536;
/** How long a Mute button mutes a finding in the daily report, ms (30 days: a monthly review). */
export const MUTE_DURATION_MS = 30 * 86_400_000;
/** Mute lengths offered in the daily report, days (the default, and longest, is MUTE_DURATION_MS). */
export const MUTE_DAYS = [1, 7, 30] as const;
/** Extra time a check job waits beyond its snapshot budget for the checks and delivery, ms. */
export const JOB_SLACK_MS = 5_000;
/** Event ids remembered in one process to drop Slack's duplicate deliveries. */
export const SEEN_EVENTS_MAX = 5_000;

// The fleet report (jobs/fleet.ts, docs/fleet.md) ---------------------------------------------------
/**
 * How long a fleet run waits for its clusters before the sweep assembles it without the missing ones:
 * the scan budget plus two async-invoke retries (Lambda retries after ~1 and ~2 min) and headroom.
 */
export const RUN_DEADLINE_MS = 10 * 60_000;
/** Longest deadline a schedule may ask for (a run must be reported the same day). */
export const RUN_DEADLINE_MAX_MS = 60 * 60_000;
/** How long run records and per-cluster results stay in the table (DynamoDB TTL), s: a week to debug. */
export const RUN_TTL_S = 7 * 86_400;
/** Async invokes in flight while fanning out (Lambda's invoke API is one call per event). */
export const FAN_OUT_IN_FLIGHT = 20;
/** An assembly claimed but not finished within this is presumed dead and taken over by the sweep. */
export const ASSEMBLY_LEASE_MS = 15 * 60_000;
/**
 * Pause between two messages to the same channel in a report: chat.postMessage allows about one
 * message per second per channel (short bursts tolerated), so a fleet report paces itself instead
 * of collecting 429s. KUBE_TRIAGE_POST_INTERVAL_MS overrides it (tests).
 */
export const REPORT_POST_INTERVAL_MS = 1_000;
/**
 * Thread replies per channel and report: at one a second, 300 replies take 5 minutes. Clusters
 * beyond it are named in one last reply with the command that shows them.
 */
export const REPORT_THREAD_MAX_MESSAGES = 300;
/**
 * Largest stored per-cluster result, bytes (gzip): DynamoDB items stop at 400 KB. Beyond it the
 * least urgent findings are left out and the result says how many.
 */
export const RUN_RESULT_MAX_BYTES = 300_000;
/**
 * History reads and writes at once while a fleet run is assembled (3 DynamoDB calls a cluster; at
 * ~10 ms each, 5,000 clusters take ~5 s at 32 at once instead of ~19 s at 8).
 */
export const ASSEMBLY_CONCURRENCY = 32;
/** Clusters a summary lists one by one before it folds the unchanged, clean ones into one line. */
export const SUMMARY_CLUSTER_ROWS = 12;
/**
 * Pages of one list (LIST_PAGE_SIZE each): a guard against a server that keeps returning a continue
 * token; far above any real cluster (5,000,000 objects at 500 a page).
 */
export const LIST_MAX_PAGES = 10_000;
/** Pages of one SSM path read (10 parameters a page, SSM's maximum): a fleet of 20,000 clusters. */
export const SSM_MAX_PAGES = 2_000;
/** Largest `/metrics` text parsed, characters (an apiserver's is ~1–5 MB). */
export const METRICS_MAX_CHARS = 16 * 1024 * 1024;
