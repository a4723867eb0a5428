// Inflating what the relay compressed, with the browser's own DecompressionStream, into a
// buffer of the length the relay said: 50–115 ms for a big board's 6 MB in a page still
// starting (fflate, in JavaScript, took 100–210 ms; Blob.stream() in and
// Response.arrayBuffer() out 105–330). Used by the board's socket (inflatingSocket.ts)
// and for the relay's copy of a board (boardCopy.ts).

/** Whether this browser inflates `format`. */
export function inflates(format: CompressionFormat): boolean {
  try {
    new DecompressionStream(format);
    return true;
  } catch {
    return false;
  }
}

/** `compressed` inflated; fails unless it inflates to exactly `length` bytes. */
export async function inflate(compressed: Uint8Array, length: number, format: CompressionFormat = 'deflate-raw'): Promise<ArrayBuffer> {
  const stream = new DecompressionStream(format);
  const writer = stream.writable.getWriter();
  // One write of the whole: the stream inflates it in one go. Its errors come out of the reader.
  writer.write(compressed as Uint8Array<ArrayBuffer>).then(() => writer.close()).catch(() => undefined);
  const inflated = new Uint8Array(length);
  const reader = stream.readable.getReader();
  let at = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (at + value.length > length) throw new Error(`it inflated to more than the ${length} bytes it said`);
    inflated.set(value, at);
    at += value.length;
  }
  if (at !== length) throw new Error(`it inflated to ${at} bytes, not the ${length} it said`);
  return inflated.buffer;
}
