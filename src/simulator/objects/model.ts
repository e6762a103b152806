/**
 * The internal model of the objects beyond chats: GPTs and projects with their config versions
 * and knowledge files, memories, canvases, automations, recordings, Codex tasks and environments,
 * and the CODEX_LOG / CUSTOM_AGENTS_LOG events. Every scanned text is a TextField: the text and
 * the spans of the values planted in it (decoys carry a reason), so the ground truth is read off
 * the model and stays true after mutations.
 */
import type { Span } from '../plants.js';
import type { FileContent } from '../types.js';

export interface TextField {
  text: string;
  spans: Span[];
}

export const VISIBILITIES = ['invite-only', 'workspace-with-link', 'workspace', 'anyone-with-link', 'gpt-store'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export interface Permissions {
  can_read: boolean;
  can_view_config: boolean;
  can_write: boolean;
}

export interface Recipient {
  id: string;
  email: string;
  permissions: Permissions;
}

export interface SimTool {
  type: 'code_interpreter' | 'browser' | 'dall-e' | 'memory' | 'custom_action';
  createdUs: number;
  /** custom_action only. */
  actionDomain?: string;
  openapiRaw?: string;
  privacyPolicyUrl?: string;
  authType?: 'none' | 'api_key' | 'oauth';
}

export interface SimKnowledgeFile {
  id: string;
  name: string;
  createdUs: number;
  ownerKind: 'gpt' | 'project';
  ownerId: string;
  /** The config that added it. */
  firstConfigId: string;
  content: FileContent;
}

export interface SimConfig {
  id: string;
  createdUs: number;
  name: TextField;
  description: TextField;
  instructions: TextField;
  starters: TextField[];
  categories: string[];
  author: { id: string; email: string } | null;
  tools: SimTool[];
  files: SimKnowledgeFile[];
}

/** A custom GPT (`kind: 'gpt'`, id g-...) or a project (`kind: 'project'`, id g-p-...). */
export interface SimGpt {
  kind: 'gpt' | 'project';
  id: string;
  createdUs: number;
  ownerId: string;
  ownerEmail: string;
  builderName: string;
  visibility: Visibility;
  permissions: Permissions;
  recipients: Recipient[];
  /** Newest first. */
  configs: SimConfig[];
}

export interface SimMemoryEntry {
  id: string;
  content: TextField;
  updatedUs: number;
}

export interface SimMemory {
  userId: string;
  entries: SimMemoryEntry[];
}

export interface SimCanvasComment {
  id: string;
  start: number;
  end: number;
  content: TextField;
}

export interface SimCanvasVersion {
  version: number;
  name: TextField;
  content: TextField;
  updatedUs: number;
  comments: SimCanvasComment[];
}

export interface SimCanvas {
  id: string;
  userId: string;
  /** `document` or `code/<language>`. */
  type: string;
  createdUs: number;
  /** Oldest first, version numbers from 1. */
  versions: SimCanvasVersion[];
}

export interface SimAutomation {
  id: string;
  userId: string;
  createdUs: number;
  title: TextField;
  prompt: TextField;
  schedule: string;
  isEnabled: boolean;
}

export interface SimRecording {
  id: string;
  userId: string;
  createdUs: number;
  title: string;
  durationS: number;
  transcript: TextField;
  summary: TextField;
}

export interface SimCodexTask {
  id: string;
  createdUs: number;
  updatedUs: number;
  createdById: string;
  title: TextField;
  prompt: TextField;
  environmentId: string | null;
  repo: string;
}

export interface SimCodexEnvironment {
  id: string;
  name: string;
  createdUs: number;
  updatedUs: number;
  createdById: string;
  repo: string;
  envVars: [string, TextField][];
  secrets: [string, TextField][];
  setup: TextField;
}

export type ObjectLogType = 'CODEX_LOG' | 'CUSTOM_AGENTS_LOG';

export interface SimLogEvent {
  eventId: string;
  type: ObjectLogType;
  timeUs: number;
  userId: string;
  userEmail: string;
  eventType: string;
  /** PROMPT_SENT events only: the prompt (event_details.prompt_text). */
  prompt: TextField | null;
  /** Other event_details fields (task id, agent id ...), no free text. */
  details: Record<string, string | number | boolean | null>;
}

export interface ObjectLogFile {
  id: string;
  eventType: ObjectLogType;
  fileName: string;
  startUs: number;
  endUs: number;
  events: SimLogEvent[];
}
