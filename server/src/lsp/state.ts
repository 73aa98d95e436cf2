// The state of one language server, in one object: createServer makes it and hands it to the
// handlers and to the modules beside them (diskFiles, publisher, settings). Nothing under lsp/ keeps
// state at module level, so two servers in one process share nothing.
import { TextDocuments, type Connection, type Diagnostic, type WorkspaceFolder } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Workspace } from '../core/workspace/workspace.js';
import type { PreparedText } from '../core/workspace/fileModel.js';
import type { Settings } from './settings.js';

export interface ServerState {
  readonly connection: Connection;
  /** The open documents, as the client synchronizes them. */
  readonly documents: TextDocuments<TextDocument>;
  /** Every file's model: the open documents and the files read from disk. */
  readonly workspace: Workspace;
  /** The version of each open document that the workspace holds. */
  readonly syncedVersions: Map<string, number>;

  // --- what the client said at initialize, and its settings ---------------------------------------
  folders: WorkspaceFolder[];
  canReadConfiguration: boolean;
  canRefreshLenses: boolean;
  canRefreshHints: boolean;
  settings: Settings;
  /** `files.exclude`, for paths relative to a workspace folder. */
  isExcluded: (relativePath: string) => boolean;

  // --- publishing (publisher.ts) -------------------------------------------------------------------
  /** What was last sent for a file: the open document's version (undefined when closed) and the diagnostics. */
  readonly published: Map<string, { version: number | undefined; diagnostics: Diagnostic[] }>;
  /** Files whose diagnostics are to be published again. */
  readonly dirty: Set<string>;
  publishScheduled: boolean;
  /** The timer of a burst that waits for the scan's next 100 ms. */
  publishTimer: ReturnType<typeof setTimeout> | undefined;
  publishedSinceRefresh: boolean;

  // --- files that are not open (diskFiles.ts) ------------------------------------------------------
  /** The newest read of each file that is under way: an older one that ends later is dropped. */
  readonly reading: Map<string, number>;
  /** A file read from disk whose documents are being analysed (see diskFiles' loadFile): what is done so far. */
  readonly preparing: Map<string, PreparedText>;
  readCount: number;
  /** File events and closed editors are read one at a time, in order. */
  diskQueue: Promise<void>;
  scans: number;
  /** Scans under way: while one reads files, publishing waits a little to take in more of them. */
  scansRunning: number;
  /** The size limit of the last scan: a new limit scans again. */
  scannedMaxBytes: number | undefined;
  /** Folders (URIs) holding a `.spk-scope` marker: each has route tables of its own. */
  scopeFolders: Set<string>;

  // --- slices of file work (slices.ts) -------------------------------------------------------------
  /** When the slice of this turn started. */
  sliceStart: number;
  /** The start of the next slice, while work waits for it. */
  sliceWait: Promise<void> | undefined;

  // --- schemas (schemaSources.ts) ------------------------------------------------------------------
  /** The cluster context whose CRDs govern (spk/setClusterSchemas), if any. */
  clusterContext: string | undefined;
}

export function createState(connection: Connection): ServerState {
  return {
    connection,
    documents: new TextDocuments(TextDocument),
    workspace: new Workspace(),
    syncedVersions: new Map(),
    folders: [],
    canReadConfiguration: false,
    canRefreshLenses: false,
    canRefreshHints: false,
    settings: {},
    isExcluded: () => false,
    published: new Map(),
    dirty: new Set(),
    publishScheduled: false,
    publishTimer: undefined,
    publishedSinceRefresh: false,
    reading: new Map(),
    preparing: new Map(),
    readCount: 0,
    diskQueue: Promise.resolve(),
    scans: 0,
    scansRunning: 0,
    scannedMaxBytes: undefined,
    scopeFolders: new Set(),
    clusterContext: undefined,
    sliceStart: 0,
    sliceWait: undefined,
  };
}

/** A feature that throws answers with nothing rather than taking the server down. */
export function guarded<T>(state: ServerState, run: () => T, fallback: T): T {
  try {
    return run();
  } catch (error) {
    state.connection.console.error(`spk-routes: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return fallback;
  }
}
