// The search tab: raw hybrid retrieval results (POST /api/kbs/{kb}/search), with each
// passage's fused score and the BM25 and dense legs' scores and ranks, for checking retrieval.
import { request, describeError, paths } from './api.js';
import { h, announce } from './dom.js';
import { formatMs, formatScore, describeLocation } from './format.js';

export function createSearchView() {
  const form = document.getElementById('search-form');
  const query = document.getElementById('search-query');
  const kInput = document.getElementById('search-k');
  const typeSelect = document.getElementById('search-type');
  const summary = document.getElementById('search-summary');
  const results = document.getElementById('search-results');
  let kb = null;

  function show(kbId) {
    if (kbId === kb) return;
    kb = kbId;
    results.replaceChildren();
    summary.textContent = '';
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = query.value.trim();
    if (!text || !kb) return;
    const forKb = kb;
    const body = { query: text, k: Number(kInput.value) || 10 };
    if (typeSelect.value) body.filters = { mediaType: [typeSelect.value] };
    summary.textContent = 'Searching…';
    try {
      const answer = await request('POST', paths.search(forKb), { json: body });
      if (forKb !== kb) return;
      render(answer);
    } catch (err) {
      summary.textContent = describeError(err);
      results.replaceChildren();
    }
  });

  function render(answer) {
    const passages = answer?.passages ?? [];
    const truncated = answer?.queryTruncated ? ' The query was too long and was cut.' : '';
    summary.textContent =
      `${passages.length} passage${passages.length === 1 ? '' : 's'} in ${formatMs(answer?.timings?.totalMs)}.${truncated}`;
    results.replaceChildren(...passages.map(renderPassage));
    announce(summary.textContent);
  }

  return { show };
}

function renderPassage(p, index) {
  const where = describeLocation(p.headingPath, p.page);
  return h('li', { class: 'result', dataset: { testid: 'search-result', documentName: p.documentName || '' } },
    h('div', { class: 'result-head' },
      h('span', { class: 'result-rank', 'aria-hidden': 'true' }, `${index + 1}`),
      h('div', { class: 'grow' },
        h('strong', {}, p.documentName || p.documentId),
        where ? h('span', { class: 'muted' }, ` — ${where}`) : null),
      h('dl', { class: 'scores' },
        score('Score', p.score, null),
        score('BM25', p.bm25?.score, p.bm25?.rank),
        score('Dense', p.dense?.score, p.dense?.rank))),
    h('p', { class: 'result-text' }, p.text));
}

// A leg that did not return the passage shows a dash, as the API sends null for it.
function score(label, value, rank) {
  const shown = formatScore(value);
  return h('div', { class: 'score' },
    h('dt', {}, label),
    h('dd', { dataset: { testid: `score-${label.toLowerCase()}` } },
      shown, rank != null ? h('span', { class: 'muted' }, ` #${rank}`) : null));
}
