// Bytes → text: UTF-8 (BOM stripped) or UTF-16 with BOM; invalid UTF-8 is decoded with
// replacement characters and reported, so one odd file never stops the audit.
const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

export function decode(buf: Buffer): { text: string; warning?: string } {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(buf.subarray(2)) };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(buf.subarray(2)) };
  const body = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
  try {
    return { text: strict.decode(body) };
  } catch {
    return { text: lenient.decode(body), warning: 'invalid UTF-8; decoded with replacement characters' };
  }
}
