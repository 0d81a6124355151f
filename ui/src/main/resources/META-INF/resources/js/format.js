// Pure text helpers for rendering answers and passages; no DOM, so Node can test them.

// The citation marker grammar, the same as the server's (CitationMarkers.java): "[1]", "[1, 2]",
// "[ 3 ]"; "[1][2]" is two markers; "[a]", "[1-2]" and "[]" are text. Both test suites read the
// cases in generator/src/test/resources/citation-markers.json.
const CITATION = /\[\s*(\d+(?:\s*,\s*\d+)*)\s*\]/g;

/** Digits as a number; longer than 18 digits saturates, like the server's Long.MAX_VALUE. */
function markerNumber(digits) {
  const d = digits.trim().replace(/^0+(?=\d)/, '');
  return d.length > 18 ? Number.MAX_VALUE : Number(d);
}

/**
 * Every citation marker of a text.
 * @param {string} text
 * @returns {{start: number, end: number, numbers: number[]}[]}
 */
export function findMarkers(text) {
  return [...text.matchAll(CITATION)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    numbers: m[1].split(',').map(markerNumber),
  }));
}

/**
 * The numbers of a text's markers that name one of `sourceCount` sources, in order, each once.
 * @param {string} text
 * @param {number} sourceCount
 */
export function validNumbers(text, sourceCount) {
  const out = [];
  for (const m of findMarkers(text)) {
    for (const n of m.numbers) {
      if (n >= 1 && n <= sourceCount && !out.includes(n)) out.push(n);
    }
  }
  return out;
}

/** The text without its markers, with the space a marker leaves before punctuation removed. */
export function stripMarkers(text) {
  return text.replace(CITATION, '').replace(/[ \t]+([.,;:!?])/g, '$1').replace(/[ \t]{2,}/g, ' ').trim();
}

/**
 * Splits an answer into runs for rendering. Each run is one stretch of the answer that is
 * either backed by a cited source or listed in `unsupported`; its parts are plain text or
 * citation markers. "[1]" and "[1, 2]" become markers only for numbers that `citations`
 * holds, so a stray "[3]" in the text stays text.
 * @param {string} answer
 * @param {number[]} citationNumbers the `n` of every citation in the answer object
 * @param {string[]} unsupported sentences of the answer that no cited source backs
 * @returns {{unsupported: boolean, parts: ({text: string} | {cite: number})[]}[]}
 */
export function segmentAnswer(answer, citationNumbers = [], unsupported = []) {
  const known = new Set(citationNumbers);
  return splitByRanges(answer, unsupportedRanges(answer, unsupported)).map((run) => ({
    unsupported: run.inRange,
    parts: splitCitations(run.text, known),
  }));
}

/** Finds each unsupported sentence in the answer; returns sorted, non-overlapping ranges. */
export function unsupportedRanges(answer, sentences) {
  const ranges = [];
  for (const raw of sentences || []) {
    const sentence = (raw || '').trim();
    if (!sentence) continue;
    let from = 0;
    for (;;) {
      const start = answer.indexOf(sentence, from);
      if (start === -1) break;
      const range = { start, end: start + sentence.length };
      if (!ranges.some((r) => r.start < range.end && range.start < r.end)) {
        ranges.push(range);
        break;
      }
      from = start + 1;
    }
  }
  return ranges.sort((a, b) => a.start - b.start);
}

function splitByRanges(text, ranges) {
  const runs = [];
  let at = 0;
  for (const r of ranges) {
    if (r.start > at) runs.push({ text: text.slice(at, r.start), inRange: false });
    runs.push({ text: text.slice(r.start, r.end), inRange: true });
    at = r.end;
  }
  if (at < text.length || runs.length === 0) runs.push({ text: text.slice(at), inRange: false });
  return runs;
}

function splitCitations(text, known) {
  const parts = [];
  let at = 0;
  for (const marker of findMarkers(text)) {
    if (!marker.numbers.every((n) => known.has(n))) continue;
    if (marker.start > at) parts.push({ text: text.slice(at, marker.start) });
    for (const n of marker.numbers) parts.push({ cite: n });
    at = marker.end;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}

/**
 * Splits a passage into the part before, inside and after its highlight. An absent or
 * out-of-range highlight gives one unmarked part.
 * @returns {{text: string, marked: boolean}[]}
 */
export function highlightParts(text, highlight) {
  const start = Number(highlight?.start);
  const end = Number(highlight?.end);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start || start >= text.length) {
    return [{ text, marked: false }];
  }
  const stop = Math.min(end, text.length);
  return [
    { text: text.slice(0, start), marked: false },
    { text: text.slice(start, stop), marked: true },
    { text: text.slice(stop), marked: false },
  ].filter((p) => p.text.length > 0);
}

/** "1.2 MB", "340 B": sizes people read at a glance. */
export function formatBytes(bytes) {
  if (bytes == null || Number.isNaN(Number(bytes))) return '';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** Milliseconds with one decimal under 10 ms and none above: "3.1 ms", "412 ms", "2.4 s". */
export function formatMs(ms) {
  if (ms == null || Number.isNaN(Number(ms))) return '–';
  const value = Number(ms);
  if (value >= 1000) return `${(value / 1000).toFixed(1)} s`;
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

/** Three significant digits, as retrieval scores range from 0.0003 (fused) to 12.7 (BM25). */
export function formatScore(value) {
  if (value == null || Number.isNaN(Number(value))) return '—';
  const n = Number(value);
  return Math.abs(n) >= 100 ? n.toFixed(1) : n.toPrecision(3);
}

/** "Setup › Linux · page 3" from a passage's heading path and page. */
export function describeLocation(headingPath, page) {
  const bits = [];
  if (Array.isArray(headingPath) && headingPath.length) bits.push(headingPath.join(' › '));
  if (page != null) bits.push(`page ${page}`);
  return bits.join(' · ');
}

/**
 * The progress line of a knowledge base: how many of its documents wait to be indexed or
 * re-indexed (after a change of chunk settings), or '' when none does.
 */
export function pendingLine(pending) {
  const n = Number(pending) || 0;
  if (n <= 0) return '';
  return `indexing ${n} document${n === 1 ? '' : 's'}…`;
}

/**
 * The embedding model line of a knowledge base: its model, or, while a re-index moves it to another
 * one, the model searches use now and the one being built (see docs/api.md, "Re-index"); '' when
 * the server does not say.
 */
export function modelLine(kb) {
  const model = kb?.embeddingModel;
  if (!model) return '';
  const searching = kb.searchModel || model;
  return searching === model ? `model ${model}` : `model ${searching} → ${model}`;
}

/**
 * The re-index line of a knowledge base: how far the new index is, while searches still use the
 * old one (see docs/api.md, "Re-index"), or '' when no re-index is under way.
 */
export function reindexLine(reindex) {
  if (!reindex || typeof reindex !== 'object') return '';
  const done = Number(reindex.done) || 0;
  const total = Number(reindex.total) || 0;
  return `re-indexing: ${done} of ${total} document${total === 1 ? '' : 's'} in the new index (searches use the old one until it is complete)`;
}
