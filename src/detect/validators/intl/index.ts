import type { Validator } from '../types.js';

/** Validators for identifiers outside Europe, health, banking and wallets (filled in by their rules). */
export const INTL_VALIDATORS: Readonly<Record<string, Validator>> = Object.freeze({});
