// A pull scanner over JSON text arriving in byte chunks: it walks the structure of a document
// (objects' keys, arrays' elements) and hands out one element's text at a time, so a trace file
// of hundreds of megabytes is read trace by trace in bounded memory (one chunk plus one trace)
// instead of as one string and one object tree several times its size.
//
// It checks nesting and strings as it goes; each element it hands out is then parsed by
// JSON.parse, which checks the rest. Positions are line:column like json-text.ts reports them
// (columns count characters: UTF-8 continuation bytes are not counted).

import { TraceFileError } from "./errors.ts";
import { jsonErrorOffset, lineColumn } from "./json-text.ts";

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

/** Where a value starts: 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export class JsonChunkScanner {
  private buf: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private done = false;
  /** 1-based line of buf[pos], and the column of buf[pos] minus one (characters). */
  private line = 1;
  private col = 0;
  private readonly source: Iterator<Uint8Array>;
  private readonly decoder = new TextDecoder("utf-8", { fatal: false });

  constructor(
    chunks: Iterable<Uint8Array>,
    readonly file: string,
  ) {
    this.source = chunks[Symbol.iterator]();
  }

  /** The position of the next byte. */
  get position(): Position {
    return { line: this.line, column: this.col + 1 };
  }

  private fill(): boolean {
    while (this.pos >= this.buf.length) {
      if (this.done) return false;
      const next = this.source.next();
      if (next.done === true) {
        this.done = true;
        return false;
      }
      this.buf = next.value;
      this.pos = 0;
    }
    return true;
  }

  /** The next byte without consuming it; -1 at the end. */
  peek(): number {
    return this.fill() ? this.buf[this.pos]! : -1;
  }

  private advance(b: number): void {
    this.pos++;
    if (b === LF) {
      this.line++;
      this.col = 0;
    } else if ((b & 0xc0) !== 0x80) this.col++;
  }

  /** Skips whitespace (and a UTF-8 byte order mark at the very start). */
  skipWhitespace(): void {
    for (;;) {
      if (!this.fill()) return;
      const buf = this.buf;
      let pos = this.pos;
      while (pos < buf.length) {
        const b = buf[pos]!;
        if (b === SPACE || b === TAB || b === CR) {
          pos++;
          this.col++;
        } else if (b === LF) {
          pos++;
          this.line++;
          this.col = 0;
        } else if (b === 0xef && this.line === 1 && this.col === 0 && pos + 2 < buf.length && buf[pos + 1] === 0xbb && buf[pos + 2] === 0xbf) {
          pos += 3;
        } else {
          this.pos = pos;
          return;
        }
      }
      this.pos = pos;
    }
  }

  fail(problem: string, at: Position = this.position): never {
    throw new TraceFileError(this.file, `line ${at.line}, column ${at.column}`, `invalid JSON: ${problem}`);
  }

  private unexpected(): never {
    const b = this.peek();
    if (b === -1) this.fail("unexpected end of input");
    this.fail(`unexpected ${JSON.stringify(String.fromCharCode(b))}`);
  }

  /** Consumes `byte` (after whitespace) or fails. */
  expect(byte: number): void {
    this.skipWhitespace();
    if (this.peek() !== byte) this.unexpected();
    this.advance(byte);
  }

  /** Consumes `byte` if it is next (after whitespace). */
  accept(byte: number): boolean {
    this.skipWhitespace();
    if (this.peek() !== byte) return false;
    this.advance(byte);
    return true;
  }

  /**
   * The next complete value's text and where it starts. Nesting and strings are checked here;
   * JSON.parse checks the rest when the caller parses it (see `parse`).
   */
  valueText(): { readonly text: string; readonly at: Position } {
    this.skipWhitespace();
    const at = this.position;
    const first = this.peek();
    if (first === -1 || first === COMMA || first === COLON || first === RBRACE || first === RBRACKET) this.unexpected();
    const scalar = first !== LBRACE && first !== LBRACKET && first !== QUOTE;
    const parts: Uint8Array[] = [];
    const closers: number[] = [];
    let inString = false;
    let escaped = false;
    let opened = false;
    let end = false;
    while (!end) {
      if (!this.fill()) {
        if (scalar) break;
        this.fail("unexpected end of input");
      }
      const buf = this.buf;
      const from = this.pos;
      let pos = from;
      let line = this.line;
      let col = this.col;
      const stop = (problem: string): never => {
        this.pos = pos;
        this.line = line;
        this.col = col;
        this.fail(problem);
      };
      while (pos < buf.length) {
        const b = buf[pos]!;
        if (scalar) {
          if (b === COMMA || b === RBRACE || b === RBRACKET || b === SPACE || b === TAB || b === CR || b === LF) {
            end = true;
            break;
          }
          pos++;
          col++;
          continue;
        }
        if (inString) {
          if (escaped) escaped = false;
          else if (b === BACKSLASH) escaped = true;
          else if (b === QUOTE) inString = false;
          else if (b < 0x20) stop("unexpected control character in a string");
          if ((b & 0xc0) !== 0x80) col++;
          pos++;
          if (!inString && closers.length === 0) {
            end = true;
            break;
          }
          continue;
        }
        if (opened && closers.length === 0) {
          end = true;
          break;
        }
        opened = true;
        if (b === QUOTE) inString = true;
        else if (b === LBRACE) closers.push(RBRACE);
        else if (b === LBRACKET) closers.push(RBRACKET);
        else if (b === RBRACE || b === RBRACKET) {
          if (closers.pop() !== b) stop(`unexpected ${JSON.stringify(String.fromCharCode(b))}`);
        }
        if (b === LF) {
          line++;
          col = 0;
        } else col++;
        pos++;
        if (closers.length === 0 && !inString) {
          end = true;
          break;
        }
      }
      parts.push(buf.subarray(from, pos));
      this.pos = pos;
      this.line = line;
      this.col = col;
    }
    const text = parts.length === 1 ? this.decoder.decode(parts[0]) : this.decoder.decode(concat(parts));
    return { text, at };
  }

  /** Parses a value's text, reporting a syntax error at its line:column in the file. */
  parse(value: { readonly text: string; readonly at: Position }): unknown {
    try {
      return JSON.parse(value.text) as unknown;
    } catch {
      const offset = jsonErrorOffset(value.text);
      const at = offset < 0 ? value.text.length : offset;
      const { line, column } = lineColumn(value.text, at);
      const problem = at >= value.text.length ? "unexpected end of input" : `unexpected ${JSON.stringify(value.text[at])}`;
      this.fail(problem, { line: value.at.line + line - 1, column: line === 1 ? value.at.column + column - 1 : column });
    }
  }

  /** The next value, parsed. */
  value(): unknown {
    return this.parse(this.valueText());
  }

  /** An object key (a JSON string) followed by its colon. */
  key(): string {
    this.skipWhitespace();
    if (this.peek() !== QUOTE) this.unexpected();
    const k = this.value();
    this.expect(COLON);
    return k as string;
  }

  /** The next character (after whitespace), for messages; "" at the end. */
  nextChar(): string {
    this.skipWhitespace();
    const b = this.peek();
    return b === -1 ? "" : String.fromCharCode(b);
  }

  /** True at the end of the input (after whitespace). */
  atEnd(): boolean {
    this.skipWhitespace();
    return this.peek() === -1;
  }

  /** Consumes an array's `[`; false if the array is empty (its `]` consumed too). */
  openArray(): boolean {
    this.expect(LBRACKET);
    return !this.accept(RBRACKET);
  }

  /** Consumes an object's `{`; false if the object is empty (its `}` consumed too). */
  openObject(): boolean {
    this.expect(LBRACE);
    return !this.accept(RBRACE);
  }

  /** After an element or member: true if another follows (`,`), false at the closing `]` or `}`. */
  more(closer: "]" | "}"): boolean {
    if (this.accept(COMMA)) return true;
    this.expect(closer === "]" ? RBRACKET : RBRACE);
    return false;
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export const BYTES = { LBRACE, LBRACKET } as const;
