/**
 * Slack's limits as named constants (https://docs.slack.dev/reference/block-kit/blocks and the node-slack-sdk types).
 * @module
 */

/** Blocks per message. */
export const MAX_BLOCKS = 50;
/** Characters of a section's text. */
export const MAX_SECTION_TEXT = 3_000;
/** Characters of a header's plain text. */
export const MAX_HEADER_TEXT = 150;
/** Characters of an action_id or block_id. */
export const MAX_ACTION_ID = 255;
/** Elements of a context block. */
export const MAX_CONTEXT_ELEMENTS = 10;
/** Characters of one context element's text (kept well below the 3,000 text-object limit). */
export const MAX_CONTEXT_TEXT = 1_000;
/** Characters of a button's value. */
export const MAX_BUTTON_VALUE = 2_000;
/**
 * A conservative budget for the whole blocks JSON: users report msg_blocks_too_long well below any
 * documented limit (slackapi/bolt-js#2509), so stay far under it.
 */
export const MAX_BLOCKS_JSON_CHARS = 12_000;
/** Characters of the top-level `text` fallback (Slack truncates at 40,000). */
export const MAX_FALLBACK_TEXT = 3_000;
