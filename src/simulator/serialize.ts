/**
 * The listing API's object shapes (compliance-api.md section 5): float Unix-second times,
 * `author.role`, `content` objects, and envelopes for messages and files.
 */
import { usToFloat } from './times.js';
import type { SimConversation, SimFile, SimMessage, SimUser } from './types.js';

export type FileFormat = 'url' | 'id';

export interface ListEnvelope<T> {
  object: 'list';
  data: T[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

export function envelope<T extends { id: string }>(data: T[], hasMore: boolean): ListEnvelope<T> {
  return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null, has_more: hasMore };
}

export function userJson(u: SimUser): { id: string } {
  return {
    object: 'compliance.workspace.user', id: u.id, email: u.email, name: u.name,
    created_at: usToFloat(u.createdUs), role: u.role, status: u.status,
  } as { id: string };
}

function fileJson(f: SimFile, format: FileFormat, url: (f: SimFile) => string): { id: string } {
  if (format === 'id') return { object: 'compliance.workspace.conversation.message.file_info', id: f.id, name: f.name, user_id: f.userId } as { id: string };
  return {
    object: 'compliance.workspace.conversation.message.file', id: f.id, name: f.name,
    created_at: f.expired ? null : usToFloat(f.createdUs),
    download_url: f.expired ? null : url(f),
  } as { id: string };
}

function messageJson(c: SimConversation, m: SimMessage, format: FileFormat, url: (f: SimFile) => string): { id: string } {
  return {
    object: 'compliance.workspace.conversation.message',
    id: m.id,
    parent_id: m.parentId,
    created_at: m.createdNull ? null : usToFloat(m.timeUs),
    gpt_id: c.gptId,
    project_id: c.projectId,
    author: { object: 'compliance.workspace.conversation.message.author', role: m.role, tool_name: m.toolName },
    content: m.content === null ? null : { object: 'compliance.workspace.conversation.message.content', type: 'text', value: m.content, annotations: [] },
    files: envelope(m.files.map((f) => fileJson(f, format, url)), false),
  } as { id: string };
}

export function conversationJson(workspaceId: string, c: SimConversation, format: FileFormat, url: (f: SimFile) => string): object {
  return {
    object: 'compliance.workspace.conversation',
    id: c.id,
    workspace_id: workspaceId,
    user_id: c.userId,
    user_email: c.userEmail,
    title: c.title,
    created_at: usToFloat(c.createdUs),
    last_active_at: usToFloat(c.lastActiveUs),
    messages: envelope(c.messages.map((m) => messageJson(c, m, format, url)), false),
  };
}
