// Unit tests for the UI's pure helpers (no browser, no server): node --test ui/test/
import test from 'node:test';
import assert from 'node:assert/strict';
import { SseParser } from '../src/main/resources/META-INF/resources/js/sse.js';
import {
  segmentAnswer, highlightParts, unsupportedRanges, formatBytes, formatMs, formatScore, describeLocation,
  modelLine,
  pendingLine,
  reindexLine,
} from '../src/main/resources/META-INF/resources/js/format.js';

test('SseParser joins data lines, drops comments and defaults the event type', () => {
  const p = new SseParser();
  const events = p.push(': ping\n\nevent: document\ndata: {"a":1}\n\ndata: x\ndata: y\n\n');
  assert.deepEqual(events, [
    { event: 'document', data: '{"a":1}' },
    { event: 'message', data: 'x\ny' },
  ]);
});

test('SseParser handles events and CRLF split across chunks', () => {
  const p = new SseParser();
  const chunks = ['event: tok', 'en\r', '\ndata: {"text":"He', 'llo"}\r\n', '\r\n'];
  const events = chunks.flatMap((c) => p.push(c));
  assert.deepEqual(events, [{ event: 'token', data: '{"text":"Hello"}' }]);
});

test('SseParser keeps a value without the single leading space and an empty data line', () => {
  const p = new SseParser();
  assert.deepEqual(p.push('data:  two spaces\n\ndata\n\n'), [
    { event: 'message', data: ' two spaces' },
    { event: 'message', data: '' },
  ]);
});

test('segmentAnswer turns known citation markers into parts and leaves unknown ones as text', () => {
  const runs = segmentAnswer('Blobs live in data [1]. See [2, 3] and [9].', [1, 2, 3], []);
  assert.equal(runs.length, 1);
  assert.deepEqual(runs[0].parts, [
    { text: 'Blobs live in data ' }, { cite: 1 }, { text: '. See ' }, { cite: 2 }, { cite: 3 },
    { text: ' and [9].' },
  ]);
});

test('segmentAnswer marks unsupported sentences as their own runs', () => {
  const answer = 'Backed sentence [1]. Made up claim. End [1].';
  const runs = segmentAnswer(answer, [1], ['Made up claim.', 'Not in the answer.']);
  assert.deepEqual(runs.map((r) => r.unsupported), [false, true, false]);
  assert.deepEqual(runs[1].parts, [{ text: 'Made up claim.' }]);
  assert.equal(runs.flatMap((r) => r.parts).map((p) => p.text ?? `[${p.cite}]`).join(''), answer);
});

test('unsupportedRanges does not overlap repeated sentences', () => {
  assert.deepEqual(unsupportedRanges('A. A.', ['A.', 'A.']), [{ start: 0, end: 2 }, { start: 3, end: 5 }]);
});

test('segmentAnswer of an empty answer is one empty run', () => {
  assert.deepEqual(segmentAnswer('', [], []), [{ unsupported: false, parts: [] }]);
});

test('highlightParts marks the range and ignores a missing or bad one', () => {
  assert.deepEqual(highlightParts('abcdef', { start: 1, end: 3 }), [
    { text: 'a', marked: false }, { text: 'bc', marked: true }, { text: 'def', marked: false },
  ]);
  assert.deepEqual(highlightParts('abc', { start: 0, end: 99 }), [{ text: 'abc', marked: true }]);
  assert.deepEqual(highlightParts('abc', null), [{ text: 'abc', marked: false }]);
  assert.deepEqual(highlightParts('abc', { start: 2, end: 1 }), [{ text: 'abc', marked: false }]);
});

test('formatters', () => {
  assert.equal(formatBytes(340), '340 B');
  assert.equal(formatBytes(1536), '1.5 KB');
  assert.equal(formatMs(3.14), '3.1 ms');
  assert.equal(formatMs(412.4), '412 ms');
  assert.equal(formatMs(2400), '2.4 s');
  assert.equal(formatMs(null), '–');
  assert.equal(formatScore(0.0327868), '0.0328');
  assert.equal(formatScore(7.1), '7.10');
  assert.equal(formatScore(0), '0.00');
  assert.equal(formatScore(null), '—');
  assert.equal(describeLocation(['Setup', 'Linux'], 3), 'Setup › Linux · page 3');
  assert.equal(describeLocation([], null), '');
});

test('pendingLine counts the documents still to index and says nothing when none is left', () => {
  assert.equal(pendingLine(0), '');
  assert.equal(pendingLine(undefined), '');
  assert.equal(pendingLine(1), 'indexing 1 document…');
  assert.equal(pendingLine(12), 'indexing 12 documents…');
});

test('modelLine names the model, and both models while a re-index switches between them', () => {
  assert.equal(modelLine({ embeddingModel: 'bge-small-en-v1.5-q', searchModel: 'bge-small-en-v1.5-q' }),
    'model bge-small-en-v1.5-q');
  assert.equal(modelLine({ embeddingModel: 'all-minilm-l6-v2-q', searchModel: 'bge-small-en-v1.5-q' }),
    'model bge-small-en-v1.5-q → all-minilm-l6-v2-q');
  assert.equal(modelLine({}), '');
  assert.equal(modelLine(null), '');
});

test('reindexLine tells how far the new index is and says nothing when no re-index runs', () => {
  assert.equal(reindexLine(null), '');
  assert.equal(reindexLine(undefined), '');
  assert.equal(
    reindexLine({ generation: 1, done: 2, total: 3 }),
    're-indexing: 2 of 3 documents in the new index (searches use the old one until it is complete)',
  );
  assert.match(reindexLine({ generation: 2, done: 0, total: 1 }), /0 of 1 document in/);
});
