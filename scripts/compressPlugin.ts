// Writes a gzip and a brotli copy beside each text file the build emits (`x.js.gz`,
// `x.js.br`), for the relay's static server (server/http/staticFiles.ts) to send to
// browsers that accept them. Compressed once here, at the strongest settings, rather than
// per request: the board page's JavaScript is ≈ 730 KB as built and ≈ 225 KB gzip, and a
// self-hoster running `npm start` has no proxy in front to compress it.
// Source maps are left alone: only a developer's tools ask for them.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/;
/** Below this, compression saves less than the round of headers it adds. */
const SMALLEST = 1024;

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** The copies worth writing for one built file: none when gzip would not make it smaller, no brotli copy when it is not smaller than gzip's. */
export async function compressedCopies(bytes: Buffer): Promise<{ gzip: Buffer; brotli: Buffer | null } | null> {
  if (bytes.length < SMALLEST) return null;
  const [gz, br] = await Promise.all([
    gzipAsync(bytes, { level: 9 }),
    brotliAsync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  ]);
  if (gz.length >= bytes.length) return null;
  return { gzip: gz, brotli: br.length < gz.length ? br : null };
}

export function compressPlugin(): Plugin {
  let outDir = '';
  return {
    name: 'beliefmap-compress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async writeBundle(options, bundle) {
      const dir = options.dir ?? outDir;
      const names = Object.keys(bundle).filter((name) => COMPRESSIBLE.test(name));
      await Promise.all(
        names.map(async (name) => {
          const file = path.join(dir, name);
          const copies = await compressedCopies(await readFile(file));
          if (!copies) return;
          await writeFile(`${file}.gz`, copies.gzip);
          if (copies.brotli) await writeFile(`${file}.br`, copies.brotli);
        }),
      );
    },
  };
}
