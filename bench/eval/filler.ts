/**
 * Ordinary workplace chat with the hard negatives DLP rules trip over: UUIDs, git SHAs, hashes,
 * timestamps, order numbers, versions, prices, base64 in code. Nothing here is sensitive, so any
 * finding on it is a false positive.
 */
import type { HardNegative, Rng } from './types.js';

const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
const chars = (rng: Rng, alphabet: string, n: number): string => Array.from({ length: n }, () => alphabet[Math.floor(rng() * alphabet.length)]).join('');
const pad = (n: number, w: number): string => String(n).padStart(w, '0');

export const uuid = (rng: Rng): string => `${chars(rng, HEX, 8)}-${chars(rng, HEX, 4)}-4${chars(rng, HEX, 3)}-${pick(rng, ['8', '9', 'a', 'b'])}${chars(rng, HEX, 3)}-${chars(rng, HEX, 12)}`;
const isoTime = (rng: Rng): string => `20${int(rng, 19, 26)}-${pad(int(rng, 1, 12), 2)}-${pad(int(rng, 1, 28), 2)}T${pad(int(rng, 0, 23), 2)}:${pad(int(rng, 0, 59), 2)}:${pad(int(rng, 0, 59), 2)}Z`;

const SENTENCES: readonly ((rng: Rng) => string)[] = [
  () => 'Can you summarise the main points of the quarterly review in three bullets?',
  () => 'Rewrite this paragraph so it sounds friendlier but keeps the deadline clear.',
  (rng) => `The build for commit ${chars(rng, HEX, 40)} failed on the integration step, any idea why?`,
  (rng) => `Short SHA ${chars(rng, HEX, 7)} introduced the regression in the exporter.`,
  (rng) => `Request id ${uuid(rng)} returned a 502 from the gateway at ${isoTime(rng)}.`,
  (rng) => `Order ORD-${int(rng, 2019, 2026)}-${pad(int(rng, 0, 999999), 6)} shipped on ${pad(int(rng, 1, 28), 2)}.${pad(int(rng, 1, 12), 2)}.${int(rng, 2020, 2026)}.`,
  (rng) => `We upgraded from v${int(rng, 1, 9)}.${int(rng, 0, 30)}.${int(rng, 0, 20)} to v${int(rng, 1, 9)}.${int(rng, 0, 30)}.${int(rng, 0, 20)} and the tests got slower.`,
  (rng) => `The sha256 of the release tarball is ${chars(rng, HEX, 64)}, does it match?`,
  (rng) => `The md5 in the log is ${chars(rng, HEX, 32)} but the file on disk differs.`,
  (rng) => `const logo = "data:image/png;base64,${chars(rng, B64, int(rng, 40, 120))}";`,
  (rng) => `Invoice INV-${int(rng, 10000, 99999)} for EUR ${int(rng, 100, 99999)}.${pad(int(rng, 0, 99), 2)} is overdue by ${int(rng, 2, 60)} days.`,
  (rng) => `The meeting moved to ${pad(int(rng, 8, 18), 2)}:${pick(rng, ['00', '15', '30', '45'])} on ${pick(rng, ['Monday', 'Tuesday', 'Thursday'])}, room ${int(rng, 100, 599)}.`,
  (rng) => `Ticket #${int(rng, 10000, 999999)} is blocked until the vendor replies.`,
  (rng) => `Our p95 latency went from ${int(rng, 80, 400)} ms to ${int(rng, 400, 2000)} ms after deploy ${int(rng, 1000, 9999)}.`,
  (rng) => `Set the container limit to ${int(rng, 256, 8192)}Mi and the timeout to ${int(rng, 10, 600)} seconds.`,
  (rng) => `The customer id in the CRM is ${int(rng, 1000000, 9999999)}, can you pull their last three tickets?`,
  (rng) => `Use the trace ${chars(rng, HEX, 32)} to find the slow span in the dashboard.`,
  (rng) => `docker pull registry.internal/app@sha256:${chars(rng, HEX, 64)}`,
  (rng) => `The spreadsheet has ${int(rng, 2, 40)} tabs and ${int(rng, 100, 90000)} rows; the pivot takes ${int(rng, 2, 90)} seconds.`,
  (rng) => `Lot number ${chars(rng, 'ABCDEFGHJKLMNPQRSTUVWXYZ', 2)}${int(rng, 100000, 999999)} was recalled, please tell the warehouse.`,
  (rng) => `Coordinates ${int(rng, 10, 60)}.${int(rng, 100000, 999999)}, ${int(rng, 1, 30)}.${int(rng, 100000, 999999)} are where the shuttle waits.`,
  (rng) => `The nonce in the replay log is ${chars(rng, B64.slice(0, 62), 22)}, is that reused anywhere?`,
  () => 'Draft an agenda for the planning meeting with the design and data teams.',
  () => 'What is a polite way to decline the vendor offer without closing the door?',
  (rng) => `ISBN 978-${int(rng, 0, 1)}-${int(rng, 100, 999)}-${int(rng, 10000, 99999)}-${int(rng, 0, 9)} is the edition we cite.`,
];

export function fillerSentence(rng: Rng): string {
  return pick(rng, SENTENCES)(rng);
}

/** The corpus's own hard negatives, beside those each generator module exports. */
export const builtinHardNegatives: HardNegative[] = [
  { category: 'secret', reason: 'placeholder in an env file', text: () => 'Put API_KEY=your-api-key-here in the .env and restart.' },
  { category: 'secret', reason: 'password from the environment', text: () => 'The compose file sets DB_PASSWORD=${DB_PASSWORD} from the host.' },
  { category: 'secret', reason: 'masked token', text: () => 'The old token ****************abcd was revoked.' },
  { category: 'financial', reason: 'timestamp digits', text: (rng) => `The epoch value ${int(rng, 1600000000000, 1800000000000)} is in milliseconds.` },
  { category: 'pii', reason: 'version quad', text: (rng) => `Firmware version ${int(rng, 1, 9)}.${int(rng, 0, 9)}.${int(rng, 0, 99)}.${int(rng, 0, 999)} fixes the reboot loop.` },
  { category: 'pii', reason: 'example domain address', text: () => 'In the docs, use jane.doe@example.com as the sample address.' },
];
