// Types of build.mjs for the TypeScript that imports it (tests).
export declare const ROOT: string;
export declare const DIST: string;
export declare const ENTRIES: string[];
export declare function isFresh(): boolean;
export declare function build(opts?: { quiet?: boolean }): Promise<void>;
export declare function tscPath(): string | null;
export declare function ensureBuilt(): Promise<void>;
export declare const compiled: (entry: string) => string;
