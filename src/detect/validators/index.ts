/**
 * Validators named by rules (`validator: luhn`). Each one gets the sensitive part exactly as the
 * regex matched it, normalises it itself, and answers whether it is a plausible real value.
 * Pure functions: no I/O, no logging, safe to call in a worker.
 */
import { ibanMod97 } from './iban-mod97.js';
import { luhn } from './luhn.js';
import { usSsn } from './us-ssn.js';

import type { Validator } from './types.js';
import { EUROPE_VALIDATORS } from './europe/index.js';
import { INTL_VALIDATORS } from './intl/index.js';

export type { Validator };

export type ValidatorName = 'luhn' | 'iban-mod97' | 'us-ssn';

// Typed with string keys so the rule loader can look a name up straight from YAML; with
// noUncheckedIndexedAccess the result is `Validator | undefined` and must be checked.
export const validators: Readonly<Record<string, Validator>> = Object.freeze({
  ...EUROPE_VALIDATORS,
  ...INTL_VALIDATORS,
  luhn,
  'iban-mod97': ibanMod97,
  'us-ssn': usSsn,
} satisfies Record<ValidatorName, Validator>);

/** True for a key of `validators`; the rule loader uses it to reject unknown names. */
export function isValidatorName(name: string): boolean {
  return Object.hasOwn(validators, name);
}

export { ibanMod97, luhn, usSsn };
