// Messages the engine builds from text it did not write (a parser's complaint, a rule's
// exception) may quote the file, and the file may hold a credential. Before such a message
// becomes a finding, every word that looks like a credential (long, mixed character classes,
// high entropy) is masked; plain words, numbers and short tokens stay readable.
const WORD = /[^\s"'`:,;()[\]{}<>\\|=]{8,}/g;

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/** Code in an exception (`s.value.cap_drop?.map`): property paths without digits stay readable. */
const IDENTIFIER_PATH = /^[A-Za-z_$][\w$]*(\??\.[A-Za-z_$][\w$]*)*(\(\))?$/;

function credentialLike(word: string): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(word)).length;
  if (classes < 2 || entropy(word) < 3 || /^[a-z]+([-_./][a-z]+)*$/i.test(word)) return false;
  return /[0-9]/.test(word) || !IDENTIFIER_PATH.test(word);
}

/** The message with credential-looking words replaced by `****`, on one line, at most 300 chars. */
export function redactMessage(message: string): string {
  const line = message.split(/\r?\n/)[0].slice(0, 300);
  return line.replace(WORD, (w) => (credentialLike(w) ? '****' : w));
}

/** One line describing whatever was thrown (an Error, a string, undefined…), redacted. */
export function describeThrown(e: unknown): string {
  let text: string;
  try {
    text = e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : typeof e === 'string' ? e : `non-Error value thrown: ${String(e)}`;
  } catch {
    text = 'unprintable value thrown';
  }
  return redactMessage(text) || 'no message';
}
