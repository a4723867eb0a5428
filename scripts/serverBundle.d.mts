// Types of scripts/serverBundle.mjs (plain JavaScript, since `npm start` runs it with no TypeScript loader).
export declare const SERVER_OUT_DIR: string;
export declare function newestChange(entry: string): number;
export declare function isStale(outfile: string, sources: string[]): boolean;
export declare function bundleServer(entry: string, name: string, options?: { force?: boolean }): Promise<string>;
