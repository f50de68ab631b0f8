/**
 * RFC 4180 CSV: fields separated by commas, quoted with double quotes when they hold a comma,
 * a quote or a line break; a quote inside a quoted field is doubled. Line breaks are LF or CRLF.
 */

/** One CSV record and the line it starts on (1-based). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Splits a stream of text chunks into records; memory holds one record at a time. */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  let fields: string[] = [];
  let field = '';
  let quoted = false; // inside quotes
  let afterQuote = false; // a quoted field just closed
  let line = 1;
  let recordLine = 1;
  let pendingCr = false;
  let first = true;
  for await (let chunk of chunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (pendingCr) {
        pendingCr = false;
        if (c === '\n') continue;
      }
      if (quoted) {
        if (c === '"') {
          if (chunk[i + 1] === '"') {
            field += '"';
            i++;
          } else {
            // Closing, unless a doubled quote straddles two chunks (handled below).
            quoted = false;
            afterQuote = true;
          }
        } else {
          if (c === '\n') line++;
          field += c;
        }
        continue;
      }
      if (afterQuote && c === '"') {
        // The second quote of a doubled pair that straddled chunks.
        field += '"';
        quoted = true;
        afterQuote = false;
        continue;
      }
      if (c === ',') {
        fields.push(field);
        field = '';
        afterQuote = false;
      } else if (c === '\n' || c === '\r') {
        fields.push(field);
        if (!(fields.length === 1 && fields[0] === '' && !afterQuote)) yield { line: recordLine, fields };
        fields = [];
        field = '';
        afterQuote = false;
        line++;
        recordLine = line;
        pendingCr = c === '\r';
      } else if (c === '"' && field === '' && !afterQuote) {
        quoted = true;
      } else {
        if (afterQuote)
          throw new CsvSyntaxError(
            recordLine,
            `line ${line}: text after a closing quote (quote the whole field)`,
          );
        field += c;
      }
    }
  }
  if (quoted) throw new CsvSyntaxError(recordLine, `line ${recordLine}: quoted field never closed`);
  if (field !== '' || fields.length || afterQuote) {
    fields.push(field);
    yield { line: recordLine, fields };
  }
}

/** Formats one record, quoting only the fields that need it; ends with CRLF as RFC 4180 says. */
export function csvLine(fields: readonly (string | number | null | undefined)[]): string {
  return `${fields
    .map((value) => {
      const text = value == null ? '' : String(value);
      return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',')}\r\n`;
}
