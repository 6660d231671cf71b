/**
 * Fitting text into a box on a printed page: the largest size at which it wraps into `maxLines`
 * lines of `maxWidth` (and within `maxHeight`), never below `minSize`. Words wrap at spaces; a word
 * wider than the line (a long hyphen-less name) is broken between characters. At `minSize`, text that still does not
 * fit is cut at `maxLines` and ends with an ellipsis: nothing ever overflows the box. Pure; the
 * metrics come from the caller's font (pdf-lib's PDFFont satisfies TextMetrics).
 */

/** Width of a text at a size, in points, as the font measures it. */
export interface TextMetrics {
  widthOfTextAtSize(text: string, size: number): number;
}

export interface FitOptions {
  maxWidth: number;
  maxSize: number;
  minSize: number;
  maxLines: number;
  /** Tallest the lines may be together (points); unlimited when absent. */
  maxHeight?: number;
  /** Line pitch as a multiple of the size (default 1.2). */
  lineHeight?: number;
  /** Shrink on one line down to this size before wrapping at all (a name reads best whole). */
  shrinkFirstTo?: number;
  /** Size decrement per attempt (points). */
  step?: number;
}

export interface FittedText {
  size: number;
  lines: string[];
  /** True when the text was cut (ellipsis) because even `minSize` could not hold it. */
  isTruncated: boolean;
}

const ELLIPSIS = '…';

/** Breaks one word into pieces no wider than `maxWidth` (at least one character each). */
function breakWord(font: TextMetrics, word: string, size: number, maxWidth: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const ch of Array.from(word)) {
    const next = current + ch;
    if (current !== '' && font.widthOfTextAtSize(next, size) > maxWidth) {
      pieces.push(current);
      current = ch;
    } else current = next;
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

/** Greedy word wrap of `text` at `size`: every line is at most `maxWidth` wide. */
export function wrapText(
  font: TextMetrics,
  text: string,
  size: number,
  maxWidth: number,
): string[] {
  const words = text.split(/\s+/u).filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (font.widthOfTextAtSize(candidate, size) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    const pieces = breakWord(font, word, size, maxWidth);
    line = pieces.pop() ?? '';
    lines.push(...pieces);
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Cuts `line` so that it plus an ellipsis fits `maxWidth`. */
function withEllipsis(font: TextMetrics, line: string, size: number, maxWidth: number): string {
  const chars = Array.from(line);
  while (chars.length > 0 && font.widthOfTextAtSize(chars.join('') + ELLIPSIS, size) > maxWidth) {
    chars.pop();
  }
  return chars.join('').trimEnd() + ELLIPSIS;
}

/** The largest fitting size and its lines (see the module comment). Never throws. */
export function fitText(font: TextMetrics, text: string, options: FitOptions): FittedText {
  const { maxWidth, maxSize, minSize } = options;
  const step = options.step ?? 0.5;
  const pitch = options.lineHeight ?? 1.2;
  const height = options.maxHeight ?? Number.POSITIVE_INFINITY;
  const linesAt = (size: number): number =>
    Math.max(1, Math.min(options.maxLines, Math.floor(height / (size * pitch))));
  const oneLineDownTo = Math.max(minSize, options.shrinkFirstTo ?? maxSize);
  for (let size = maxSize; size >= oneLineDownTo; size -= step) {
    const lines = wrapText(font, text, size, maxWidth);
    if (lines.length <= 1) return { size, lines, isTruncated: false };
  }
  for (let size = maxSize; size >= minSize; size -= step) {
    const lines = wrapText(font, text, size, maxWidth);
    if (lines.length <= linesAt(size)) return { size, lines, isTruncated: false };
  }
  const lines = wrapText(font, text, minSize, maxWidth);
  if (lines.length <= linesAt(minSize)) return { size: minSize, lines, isTruncated: false };
  const kept = lines.slice(0, linesAt(minSize));
  const last = kept.length - 1;
  if (last >= 0) kept[last] = withEllipsis(font, kept[last] ?? '', minSize, maxWidth);
  return { size: minSize, lines: kept, isTruncated: true };
}
