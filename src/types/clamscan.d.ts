/** The part of clamscan (2.x, CommonJS, no types of its own) that src/malware/clamav.ts uses. */
declare module 'clamscan' {
  import type { Socket } from 'node:net';
  import type { Readable } from 'node:stream';

  interface ClamdscanOptions {
    socket?: string | false;
    host?: string | false;
    port?: number | false;
    timeout?: number;
    localFallback?: boolean;
    path?: string | null;
    multiscan?: boolean;
    active?: boolean;
    bypassTest?: boolean;
  }

  interface NodeClamOptions {
    debugMode?: boolean;
    preference?: 'clamscan' | 'clamdscan';
    clamscan?: { path?: string | null; active?: boolean };
    clamdscan?: ClamdscanOptions;
  }

  interface ScanResult {
    isInfected: boolean | null;
    viruses: string[];
    resultString?: string;
    timeout?: boolean;
  }

  export default class NodeClam {
    init(options: NodeClamOptions): Promise<NodeClam>;
    ping(): Promise<Socket>;
    getVersion(): Promise<string>;
    scanStream(stream: Readable): Promise<ScanResult>;
  }
}
