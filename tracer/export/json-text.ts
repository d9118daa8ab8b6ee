// Where JSON text goes wrong, as line:column. V8's messages give a position only for some
// errors, so a small scanner (iterative: deep nesting cannot overflow the stack) finds the offset
// of the first error itself; json-stream.ts reports it.

/** Files bigger than this are refused before parsing (a decoder of untrusted bytes is bounded). */
export const MAX_TRACE_FILE_CHARS = 512 * 1024 * 1024;

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

/** Offset of the first JSON syntax error, or -1 if the text is valid JSON. */
export function jsonErrorOffset(text: string): number {
  const n = text.length;
  let i = 0;
  const stack: boolean[] = []; // true = object
  const skipWs = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      i++;
    }
  };
  const string = (): boolean => {
    i++;
    while (i < n) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return true;
      }
      if (c.charCodeAt(0) < 0x20) return false;
      if (c === "\\") {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
          continue;
        }
        if (e === undefined || !ESCAPES.has(e)) {
          i++;
          return false;
        }
        i += 2;
        continue;
      }
      i++;
    }
    return false;
  };
  const scalar = (): boolean => {
    const c = text[i];
    if (c === '"') return string();
    for (const word of ["true", "false", "null"]) {
      if (c === word[0]) {
        if (!text.startsWith(word, i)) return false;
        i += word.length;
        return true;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m === null || m[0] === "" || m[0] === "-") return false;
    i += m[0].length;
    return true;
  };
  type State = "value" | "firstValue" | "key" | "firstKey" | "colon" | "after";
  let state: State = "value";
  for (;;) {
    skipWs();
    if (state === "value" || state === "firstValue") {
      if (i >= n) return i;
      const c = text[i];
      if (state === "firstValue" && c === "]") {
        i++;
        stack.pop();
        state = "after";
      } else if (c === "{") {
        stack.push(true);
        i++;
        state = "firstKey";
      } else if (c === "[") {
        stack.push(false);
        i++;
        state = "firstValue";
      } else {
        if (!scalar()) return i;
        state = "after";
      }
    } else if (state === "key" || state === "firstKey") {
      if (i >= n) return i;
      if (state === "firstKey" && text[i] === "}") {
        i++;
        stack.pop();
        state = "after";
      } else {
        if (text[i] !== '"' || !string()) return i;
        state = "colon";
      }
    } else if (state === "colon") {
      if (text[i] !== ":") return i;
      i++;
      state = "value";
    } else {
      if (stack.length === 0) return i < n ? i : -1;
      if (i >= n) return i;
      const inObject = stack[stack.length - 1]!;
      if (text[i] === ",") {
        i++;
        state = inObject ? "key" : "value";
      } else if (text[i] === (inObject ? "}" : "]")) {
        i++;
        stack.pop();
      } else {
        return i;
      }
    }
  }
}
