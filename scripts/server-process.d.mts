// Types of scripts/server-process.mjs for the TypeScript that imports it (tests/bench/).
export declare const SERVER_NODE_FLAGS: readonly string[];
export declare const SERVER_ENV: Readonly<Record<string, string>>;
