// Types of server/process-settings.mjs for the TypeScript that imports it.
export declare const SERVER_NODE_FLAGS: readonly string[];
export declare const SERVER_ENV: Readonly<Record<string, string>>;
export declare const REBUILD_NODE_FLAGS: readonly string[];
export declare const REBUILD_ENV: Readonly<Record<string, string>>;
