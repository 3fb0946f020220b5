/**
 * JSON from an apiserver, bounded in depth. JSON.parse has no depth limit: 64 MiB of "[[[[…" builds
 * tens of millions of nested arrays (gigabytes) before anything can look at them. Kubernetes objects
 * nest a few dozen levels at most, so a response deeper than MAX_JSON_DEPTH is refused unread.
 * @module
 */
import { ApiFailure } from './connect.js';

/** Deepest nesting accepted in an API response (objects and arrays). */
export const MAX_JSON_DEPTH = 100;

/** The deepest nesting of objects and arrays in `text`, strings skipped; stops past `limit`. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}

/** JSON.parse for API bodies: refuses (ApiFailure) a body nested deeper than MAX_JSON_DEPTH. */
export function parseApiJson(text: string): unknown {
  if (jsonDepth(text) > MAX_JSON_DEPTH)
    throw new ApiFailure('error', `the server sent JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  return JSON.parse(text);
}
