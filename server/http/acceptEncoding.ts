// Which compressed encodings a request takes, from its Accept-Encoding header: the static
// files' brotli and gzip copies (staticFiles.ts) and the large answers compressed as they
// are sent (responses.ts, sendCompressible).

export type Encoding = 'br' | 'gzip';

/** The encodings a request accepts, from its Accept-Encoding header (`q=0` refuses one). */
export function acceptedEncodings(header: string | undefined): Set<Encoding> {
  const accepted = new Set<Encoding>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(param)).find(Boolean);
    if (q && Number(q[1]) === 0) continue;
    if (name === 'br' || name === 'gzip') accepted.add(name);
  }
  return accepted;
}
