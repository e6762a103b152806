import type { Logger } from '../../log.js';
import type { LogSinkConfig } from '../sink-config.js';
import type { AlertPayload, Sink, SinkResult } from '../types.js';
import { OK } from './result.js';

/**
 * The default sink: one structured line per alert, in the daemon's own log. The field names
 * avoid the logger's redaction paths (`value`, `text`, `content`) so the masked preview shows.
 */
export function createLogSink(name: string, config: LogSinkConfig, log: Logger): Sink {
  return {
    name,
    type: 'log',
    send(alert: AlertPayload): Promise<SinkResult> {
      log[config.level](
        {
          sink: name,
          policy: alert.policy,
          key: alert.key,
          hint: alert.hint,
          findings: alert.findings.map((f) => ({
            id: f.id,
            rule: f.ruleId,
            severity: f.severity,
            user: f.userEmail,
            conversation: f.conversationId,
            file: f.fileName,
            location: f.location,
            preview: f.preview,
          })),
        },
        `alert: ${alert.findings.length} finding(s) for policy ${alert.policy}`,
      );
      return Promise.resolve(OK);
    },
    close(): Promise<void> {
      return Promise.resolve();
    },
  };
}
