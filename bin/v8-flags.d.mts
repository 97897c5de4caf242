export declare const BATCH_V8_FLAGS: string[];
export declare function v8FlagsFor(argv: string[]): string[];
export declare const BATCH_ENV: Record<string, string>;
export declare function envFor(argv: string[], env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
