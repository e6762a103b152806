/**
 * The simulator's data model (internal, times in integer microseconds) and the public ground
 * truth shapes that tests and benchmarks score DLP results against.
 */

export interface PlantedValue {
  conversationId: string;
  messageId: string;
  /** The rule id expected to find it (for decoys: the rule it imitates). */
  kind: string;
  category: string;
  /** JavaScript (UTF-16) offsets in the message's content.value: text.slice(start, end) === value. */
  start: number;
  end: number;
  value: string;
}

export interface DecoyValue extends PlantedValue {
  /** Why a correct rule must not report it. */
  reason: string;
}

export interface GroundTruth {
  seed: number;
  workspaceId: string;
  now: string;
  planted: PlantedValue[];
  decoys: DecoyValue[];
  messages: number;
  conversations: number;
  users: number;
  nullContentMessages: number;
}

export interface AppendResult {
  conversationIds: string[];
  messageIds: string[];
  planted: PlantedValue[];
  decoys: DecoyValue[];
}

export type UserRole = 'account-owner' | 'account-admin' | 'standard-user';

export interface SimUser {
  id: string;
  email: string;
  name: string;
  createdUs: number;
  role: UserRole;
  status: 'active' | 'inactive';
}

export interface SimFile {
  id: string;
  name: string;
  userId: string;
  conversationId: string;
  createdUs: number;
  /** Past its retention: listed with null url and time, content answers 410. */
  expired: boolean;
  content: string;
}

export type AuthorRole = 'user' | 'assistant' | 'system' | 'tool';

export interface SimMessage {
  id: string;
  eventId: string;
  parentId: string | null;
  conversationId: string;
  /** When it happened; always set, it orders the logs feed even when createdNull hides it. */
  timeUs: number;
  /** The API reports created_at: null for this message. */
  createdNull: boolean;
  role: AuthorRole;
  toolName: string | null;
  clientType: string;
  content: string | null;
  files: SimFile[];
}

export interface SimConversation {
  id: string;
  userId: string;
  userEmail: string;
  title: string;
  createdUs: number;
  lastActiveUs: number;
  /** The hidden "last updated" time the listing orders and filters by. */
  updateUs: number;
  gptId: string | null;
  projectId: string | null;
  isPinned: boolean;
  isTemporary: boolean;
  messages: SimMessage[];
}
