import type { ExtractErrorCode, FileLocation } from '../extract/types.js';
import type { FileSpec, SimFileType } from './files/spec.js';

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

/** A value planted in a file: what a scanner that reads the file must report, and where. */
export interface FilePlanted {
  /** The rule id expected to find it (for decoys: the rule it imitates). */
  kind: string;
  category: string;
  value: string;
  /**
   * Where the extractor (src/extract) reports it: `page` (PDF); `sheet` + `cell` (XLSX/ODS; CSV
   * `cell` only, row 1 = the header line); `slide` (PPTX, + `part: 'notes'`); `part` 'body' |
   * 'header' | 'footer' (DOCX/ODT), 'subject' | 'body' (e-mail; a subject value is found again
   * in part 'headers'); `line` (txt/md/code/json/xml: the 1-based line where the value starts);
   * nothing for HTML (one text); and `entry`: the chain of zip entries / e-mail attachments
   * from the outside in.
   */
  location: FileLocation;
}

export interface FileDecoy extends FilePlanted {
  reason: string;
}

/** Files a scanner cannot read, and why; see FileTruth.expectedError. */
export type BrokenKind = 'zip-bomb' | 'truncated-pdf' | 'encrypted-docx' | 'image' | 'huge-csv';

/** Ground truth of one uploaded file (one per file id; re-uploads share contentKey and planted). */
export interface FileTruth {
  fileId: string;
  name: string;
  type: SimFileType;
  userId: string;
  conversationId: string;
  messageId: string;
  /** Listed with null download_url/created_at and answering 410: nothing in it can be found. */
  expired: boolean;
  /** Equal for uploads of the same bytes (a re-upload has a new file id, same key). */
  contentKey: string;
  /** null for a readable file; broken files say which ExtractErrorCode a scanner must record. */
  expectedError: ExtractErrorCode | null;
  broken: BrokenKind | null;
  /** Served size, known without building only for the streamed huge CSV; null otherwise. */
  sizeBytes: number | null;
  planted: FilePlanted[];
  decoys: FileDecoy[];
}

export interface GroundTruth {
  seed: number;
  workspaceId: string;
  now: string;
  /** Values planted in message texts (never values inside files: those are in `files`). */
  planted: PlantedValue[];
  decoys: DecoyValue[];
  /** Every file attached to a message, expired and broken ones included. */
  files: FileTruth[];
  messages: number;
  conversations: number;
  users: number;
  nullContentMessages: number;
  /** Values planted in objects beyond chats (GPTs, projects, memories, canvases, automations, recordings, Codex, agent logs). */
  objectPlanted: ObjectPlanted[];
  objectDecoys: ObjectDecoy[];
  /** GPT and project knowledge files. */
  knowledgeFiles: KnowledgeFileTruth[];
  inventory: ObjectInventory;
  postureCases: PostureCase[];
}

export interface AppendResult {
  conversationIds: string[];
  messageIds: string[];
  planted: PlantedValue[];
  decoys: DecoyValue[];
  /** Files attached to the new messages (also in GroundTruth.files from now on). */
  files: FileTruth[];
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

/**
 * The bytes of an upload, shared by every upload of the same file (re-uploads point at the same
 * object). Built lazily by the server from `spec`; `broken` files are served by their own recipe.
 */
export interface FileContent {
  /** Stable id of these bytes: the server's cache key and FileTruth.contentKey. */
  key: string;
  spec: FileSpec;
  broken: BrokenKind | null;
  /** huge-csv only: the exact number of bytes streamed. */
  sizeBytes: number | null;
  planted: FilePlanted[];
  decoys: FileDecoy[];
}

export interface SimFile {
  id: string;
  name: string;
  userId: string;
  conversationId: string;
  messageId: string;
  createdUs: number;
  /** Past its retention: listed with null url and time, content answers 410. */
  expired: boolean;
  content: FileContent;
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

/** Kinds of objects beyond chats; findings on them carry the same name as their source kind. */
export type ObjectSourceKind =
  | 'gpt' | 'project' | 'memory' | 'canvas' | 'automation' | 'recording'
  | 'codex_task' | 'codex_environment' | 'codex_log' | 'custom_agent_log';

/**
 * A value planted in an object's text (a GPT config, a memory entry, a canvas version ...).
 * `location` names the field (`gpt:instructions`, `codex_environment:secrets.AWS_KEY` ...) and
 * start/end are UTF-16 offsets into exactly the text the API returns there.
 */
export interface ObjectPlanted {
  sourceKind: ObjectSourceKind;
  /** GPT/project id, user id (memory), textdoc id (canvas), automation/recording/task/environment id, log event id. */
  objectId: string;
  /** Config id (GPT/project), memory entry id, canvas version number as a string; null for unversioned objects. */
  version: string | null;
  location: string;
  kind: string;
  category: string;
  value: string;
  start: number;
  end: number;
}

export interface ObjectDecoy extends ObjectPlanted {
  reason: string;
}

/** A GPT's or project's knowledge file: a real document with planted values (see FileTruth). */
export interface KnowledgeFileTruth {
  ownerKind: 'gpt' | 'project';
  ownerId: string;
  /** The config version that added the file. */
  configId: string;
  /** Every config version that lists it (newest first). */
  configIds: string[];
  fileId: string;
  name: string;
  type: SimFileType;
  contentKey: string;
  planted: FilePlanted[];
  decoys: FileDecoy[];
}

/** What the API lists right now (deleted objects excluded). */
export interface ObjectInventory {
  users: number;
  activeUsers: number;
  gpts: number;
  projects: number;
  gptConfigs: number;
  projectConfigs: number;
  knowledgeFiles: number;
  /** Users with at least one memory entry. */
  memoryUsers: number;
  memoryEntries: number;
  canvases: number;
  canvasVersions: number;
  automations: number;
  recordings: number;
  codexTasks: number;
  codexEnvironments: number;
  codexLogEvents: number;
  customAgentLogEvents: number;
}

export type PostureCheckId =
  | 'shared-publicly' | 'action-domain-not-allowed' | 'instructions-or-files-contain-findings'
  | 'automation-prompt-contains-findings' | 'user-external-domain' | 'inactive-user-owns-shared-gpt'
  | 'owner-left' | 'codex-environment-stores-secrets';

/** A subject built for a posture check: it must fail it, or (the counter-example) pass it. */
export interface PostureCase {
  checkId: PostureCheckId;
  /** gpt | project | user | automation | codex_environment */
  subjectType: string;
  subjectId: string;
  expect: 'fail' | 'pass';
  /** Why, in words (for test messages). */
  note: string;
}

/** What a mutation of an object added: the new version and the values planted in it. */
export interface ObjectChange {
  objectId: string;
  version: string | null;
  planted: ObjectPlanted[];
  decoys: ObjectDecoy[];
}

/** One DELETE the simulator answered, by route. */
export interface ObjectDeletion {
  route: 'gpt' | 'gpt-file' | 'gpt-shared-users' | 'project' | 'project-file' | 'project-shared-users';
  id: string;
  /** The file id for file deletions. */
  fileId: string | null;
}
