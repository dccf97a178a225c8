// Some Hugging Face daily-papers bodies in the wild hold items serialised as Python reprs
// ("{'paper': {'id': '2412.07730', 'hidden': False, ...}}") instead of JSON objects: real schema
// drift from the scripts that archived them. This parses that subset of Python literal syntax.

export type PyValue = null | boolean | number | string | PyValue[] | { [key: string]: PyValue };

class PyParser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): PyValue {
    const v = this.value();
    this.ws();
    if (this.i !== this.s.length) this.fail('unexpected trailing text');
    return v;
  }

  private fail(msg: string): never {
    throw new Error(`not a Python literal: ${msg} at offset ${this.i}`);
  }

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  private value(): PyValue {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.dict();
    if (c === '[' || c === '(') return this.list(c === '[' ? ']' : ')');
    if (c === "'" || c === '"') return this.string();
    for (const [word, val] of [
      ['True', true],
      ['False', false],
      ['None', null],
    ] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return val;
      }
    }
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 40));
    if (m) {
      this.i += m[0].length;
      return Number(m[0]);
    }
    return this.fail(`unexpected "${c ?? 'end of input'}"`);
  }

  private dict(): { [key: string]: PyValue } {
    const out: { [key: string]: PyValue } = {};
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      const key = this.value();
      if (typeof key !== 'string') this.fail('dict keys must be strings');
      this.ws();
      if (this.s[this.i++] !== ':') this.fail('expected ":"');
      out[key] = this.value();
      this.ws();
      const sep = this.s[this.i++];
      if (sep === '}') return out;
      if (sep !== ',') this.fail('expected "," or "}"');
      this.ws();
      if (this.s[this.i] === '}') {
        this.i++;
        return out;
      }
    }
  }

  private list(close: string): PyValue[] {
    const out: PyValue[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === close) {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.ws();
      const sep = this.s[this.i++];
      if (sep === close) return out;
      if (sep !== ',') this.fail(`expected "," or "${close}"`);
      this.ws();
      if (this.s[this.i] === close) {
        this.i++;
        return out;
      }
    }
  }

  private string(): string {
    const quote = this.s[this.i++]!;
    let out = '';
    for (;;) {
      const c = this.s[this.i++];
      if (c === undefined) this.fail('unterminated string');
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.i++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case '0':
          out += '\0';
          break;
        case 'x':
          out += String.fromCharCode(parseInt(this.hex(2), 16));
          break;
        case 'u':
          out += String.fromCharCode(parseInt(this.hex(4), 16));
          break;
        case 'U':
          out += String.fromCodePoint(parseInt(this.hex(8), 16));
          break;
        case undefined:
          this.fail('unterminated escape');
          break;
        default:
          out += e; // \\ \' \" and unknown escapes keep the character
      }
    }
  }

  private hex(n: number): string {
    const h = this.s.slice(this.i, this.i + n);
    if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) this.fail('bad hex escape');
    this.i += n;
    return h;
  }
}

/** Parses a Python literal (dict, list, str, int, float, True, False, None) into the equivalent JSON value. */
export function parsePythonLiteral(text: string): PyValue {
  return new PyParser(text).parse();
}
