import { createHash, createHmac } from 'node:crypto';

/**
 * Stable identity of a finding: the same message seen through either source, or scanned twice,
 * gives the same fingerprint and is recorded once.
 */
export function findingFingerprint(workspaceId: string, conversationId: string, messageId: string, ruleId: string, start: number, end: number): string {
  return createHash('sha256').update(`${workspaceId}\u0000${conversationId}\u0000${messageId}\u0000${ruleId}\u0000${start}\u0000${end}`).digest('hex').slice(0, 32);
}

/** Identity of one version of a message's text; a changed text is scanned again. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/**
 * Identity of a text that is itself a secret (a Codex environment's variables and secrets): keyed
 * with the database's value salt, so the database cannot be used to confirm a guessed secret.
 */
export function keyedContentHash(salt: string, text: string): string {
  return createHmac('sha256', salt).update(text).digest('hex').slice(0, 32);
}
