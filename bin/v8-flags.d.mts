export declare const BATCH_V8_FLAGS: string[];
export declare function v8FlagsFor(argv: string[]): string[];
