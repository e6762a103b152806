import type { Validator } from '../types.js';

/** Check-digit validators for European national and tax identifiers (filled in by their rules). */
export const EUROPE_VALIDATORS: Readonly<Record<string, Validator>> = Object.freeze({});
