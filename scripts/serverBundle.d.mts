// Types of scripts/serverBundle.mjs (plain JavaScript, since `npm start` runs it with no TypeScript loader).
export declare function isStale(outfile: string, sources: string[]): boolean;
export declare function bundleServer(entry: string, name: string, options?: { force?: boolean }): Promise<string>;
