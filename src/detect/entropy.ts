/** Reused counts for ASCII; values are short, so only the characters seen are reset. */
const ascii = new Int32Array(128);

/** Shannon entropy in bits per character: placeholders such as `xxxx` or `0000` score low. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  let other: Map<number, number> | null = null;
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.codePointAt(i) as number;
    if (code > 0xffff) i++;
    n++;
    if (code < 128) ascii[code] = (ascii[code] as number) + 1;
    else {
      other ??= new Map();
      other.set(code, (other.get(code) ?? 0) + 1);
    }
  }
  let bits = 0;
  const add = (c: number): void => {
    const p = c / n;
    bits -= p * Math.log2(p);
  };
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 128 && (ascii[code] as number) > 0) {
      add(ascii[code] as number);
      ascii[code] = 0;
    }
  }
  if (other !== null) for (const c of other.values()) add(c);
  return bits;
}
