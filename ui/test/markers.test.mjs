// The UI's citation marker parser against the cases the server's grammar is tested on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { findMarkers, validNumbers, stripMarkers } from '../src/main/resources/META-INF/resources/js/format.js';

const { cases } = JSON.parse(
  readFileSync(new URL('../../generator/src/test/resources/citation-markers.json', import.meta.url), 'utf8'));

for (const c of cases) {
  test(`markers of ${JSON.stringify(c.text)} are as the shared cases say`, () => {
    assert.deepEqual(findMarkers(c.text).map((m) => [m.start, m.end]), c.markers);
    assert.deepEqual(validNumbers(c.text, c.sources), c.valid);
    assert.equal(stripMarkers(c.text), c.stripped);
  });
}
