/**
 * What a decoder reports besides findings: an item it decoded (a token, a certificate) with facts.
 * @module
 */
import type { Evidence } from '../../core/finding.js';

/** A decoded token or certificate, shown with the diagnosis. Facts are already redacted. */
export interface Decoded {
  readonly kind: 'jwt' | 'certificate';
  readonly title: string;
  readonly facts: readonly Evidence[];
}
