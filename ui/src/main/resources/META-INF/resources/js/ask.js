// The ask tab: a stored conversation (docs/api.md, Conversations) where each answer streams in
// (POST /api/kbs/{kb}/conversations/{id}/ask with Accept: text/event-stream), then is redrawn
// from the final object with its citations, unsupported sentences, mode, timings and the query
// retrieval used. The conversation list beside it opens, renames and deletes conversations; the
// first question of a new chat creates one.
import { stream, request, describeError, paths, ApiError } from './api.js';
import { h, announce, showError } from './dom.js';
import { segmentAnswer, formatMs, describeLocation } from './format.js';
import { createConversationList, openConversation } from './conversations.js';

const MODEL_HINT_REPO = '<hf-repo>';

/** @param {{openCitation: (kb: string, citation: object, from: HTMLElement) => void}} deps */
export function createAskView({ openCitation }) {
  const log = document.getElementById('chat-log');
  const form = document.getElementById('ask-form');
  const question = document.getElementById('ask-question');
  const kInput = document.getElementById('ask-k');
  const submit = form.querySelector('[type="submit"]');

  const title = document.getElementById('conversation-title');

  let kb = null;
  let conversation = null; // id of the open conversation; null until a new chat's first question
  let inFlight = null; // AbortController of the answer being streamed

  const conversations = createConversationList({
    onOpen: (id) => open(id),
    onNew: () => newChat({ focus: true }),
    onDeleted: (id) => {
      if (id === conversation) newChat();
    },
    onRenamed: (c) => {
      if (c.id === conversation) title.textContent = c.title;
    },
  });

  /** Shows a knowledge base's conversations, reopening the one open before a reload. */
  function show(kbId) {
    if (kbId === kb) return;
    kb = kbId;
    const stored = openConversation.get(kbId);
    conversations.load(kbId);
    if (stored) open(stored);
    else newChat();
  }

  function newChat({ focus = false } = {}) {
    inFlight?.abort();
    conversation = null;
    openConversation.set(kb, null);
    conversations.setCurrent(null);
    title.textContent = 'New conversation';
    log.replaceChildren();
    if (focus) question.focus();
  }

  /** Opens a stored conversation: its turns, oldest first. A vanished one gives a new chat. */
  async function open(id) {
    inFlight?.abort();
    const forKb = kb;
    try {
      const c = await request('GET', paths.conversation(forKb, id));
      if (kb !== forKb) return;
      conversation = c.id;
      openConversation.set(forKb, c.id);
      conversations.setCurrent(c.id);
      title.textContent = c.title;
      log.replaceChildren();
      for (const turn of c.turns) {
        log.append(questionItem(turn.question));
        const item = h('li', { class: 'msg msg-answer', dataset: { testid: 'answer' } });
        log.append(item);
        renderAnswer(item, turn.answer, forKb, { quiet: true });
      }
      log.lastElementChild?.scrollIntoView({ block: 'nearest' });
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        if (kb === forKb) newChat();
      } else {
        showError(err);
      }
    }
  }

  function questionItem(text) {
    return h('li', { class: 'msg msg-user', dataset: { testid: 'question' } },
      h('span', { class: 'visually-hidden' }, 'You asked: '), text);
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = question.value.trim();
    if (!text || !kb || inFlight) return;
    question.value = '';
    ask(text, Number(kInput.value) || 5);
  });

  // Enter sends, Shift+Enter keeps its usual meaning (a new line).
  question.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });

  async function ask(text, k) {
    const forKb = kb;
    log.append(questionItem(text));
    const answerText = h('div', { class: 'answer-text', dataset: { testid: 'answer-text' } },
      h('span', { class: 'muted' }, 'Searching the documents…'));
    const item = h('li', { class: 'msg msg-answer', 'aria-busy': 'true', dataset: { testid: 'answer', state: 'streaming' } },
      answerText);
    log.append(item);
    item.scrollIntoView({ block: 'nearest' });

    const abort = new AbortController();
    inFlight = abort;
    submit.disabled = true;
    const release = () => {
      if (inFlight !== abort) return;
      inFlight = null;
      submit.disabled = false;
    };
    let streamed = '';
    let finished = false;
    try {
      if (!conversation) {
        const created = await request('POST', paths.conversations(forKb), { json: {} });
        if (kb !== forKb) return;
        conversation = created.id;
        openConversation.set(forKb, created.id);
      }
      await stream('POST', paths.conversationAsk(forKb, conversation), {
        json: { question: text, k },
        signal: abort.signal,
        onEvent: ({ event, data }) => {
          if (event === 'token') {
            streamed += typeof data === 'string' ? data : data?.text ?? '';
            answerText.textContent = streamed;
          } else if (event === 'done') {
            finished = true;
            renderAnswer(item, data, forKb);
            release(); // the next question need not wait for the server to close the stream
            refreshList(forKb);
          } else if (event === 'error') {
            finished = true;
            renderFailure(item, data?.detail || data?.title || 'The answer could not be produced.');
            release();
          }
        },
      });
      if (!finished) renderFailure(item, 'The answer stream ended early. Try again.');
    } catch (err) {
      if (!abort.signal.aborted && !finished) renderFailure(item, describeError(err));
    } finally {
      release();
    }
  }

  /** The list shows the new turn count and the title the first question gave. */
  async function refreshList(forKb) {
    const items = await conversations.refresh();
    if (kb !== forKb) return;
    conversations.setCurrent(conversation);
    const c = items.find((i) => i.id === conversation);
    if (c) title.textContent = c.title;
  }

  function renderAnswer(item, result, forKb, { quiet = false } = {}) {
    const citations = result?.citations ?? [];
    const byNumber = new Map(citations.map((c) => [c.n, c]));
    const citeButton = (n) => {
      const c = byNumber.get(n);
      return h('button', {
        type: 'button', class: 'cite',
        'aria-label': `Source ${n}: ${c.documentName}`,
        dataset: { testid: 'citation', n: String(n), documentName: c.documentName || '' },
        onclick: (e) => openCitation(forKb, c, e.currentTarget),
      }, `[${n}]`);
    };

    const runs = segmentAnswer(result?.answer ?? '', [...byNumber.keys()], result?.unsupported ?? []);
    const text = h('div', { class: 'answer-text', dataset: { testid: 'answer-text' } },
      runs.map((run) => {
        const parts = run.parts.map((p) => ('cite' in p ? citeButton(p.cite) : p.text));
        return run.unsupported
          ? h('span', { class: 'unsupported', title: 'Not backed by a cited source', dataset: { testid: 'unsupported' } }, parts)
          : parts;
      }));

    const mode = result?.mode;
    item.dataset.mode = mode || '';
    item.dataset.state = 'done';
    item.removeAttribute('aria-busy');
    // replaceChildren would print a null as "null": leave the absent parts out.
    item.replaceChildren(...[
      h('span', { class: 'visually-hidden' }, 'Answer: '),
      ...(mode === 'abstained' ? notFound(result) : [text]),
      mode === 'extractive' ? extractiveNote(result?.notice) : null,
      (result?.unsupported?.length ?? 0) > 0
        ? h('p', { class: 'muted small' }, 'Sentences with a dashed underline are not backed by a cited source.')
        : null,
      citations.length
        ? h('div', { class: 'sources' },
          h('h3', { class: 'small-heading' }, 'Sources'),
          h('ol', { class: 'source-list' },
            citations.map((c) => h('li', {},
              citeButton(c.n), ' ',
              h('span', { class: 'source-name' }, c.documentName || c.documentId),
              describeLocation(c.headingPath, c.page)
                ? h('span', { class: 'muted' }, ` — ${describeLocation(c.headingPath, c.page)}`)
                : null))))
        : null,
      queryUsed(result),
      timings(result?.timings),
    ].filter(Boolean));
    if (quiet) return;
    announce(mode === 'abstained' ? 'No answer found.' : `Answer ready with ${citations.length} source${citations.length === 1 ? '' : 's'}.`);
  }

  function renderFailure(item, message) {
    item.dataset.state = 'error';
    item.removeAttribute('aria-busy');
    item.replaceChildren(h('p', { class: 'error-text', dataset: { testid: 'answer-error' } }, message));
    announce(`The question failed: ${message}`);
  }

  return { show };
}

/**
 * The "not found" state: why the question was declined, and the closest passages as possibly
 * related (collapsed, so nobody takes them for an answer).
 */
function notFound(result) {
  const related = result?.related ?? [];
  return [
    h('div', { class: 'abstained', dataset: { testid: 'abstained' } },
      h('p', {}, h('strong', {}, 'Not found in this knowledge base.')),
      h('p', { class: 'muted small', dataset: { testid: 'abstained-reason' } },
        result?.abstention?.detail || 'The documents do not answer this question.')),
    related.length
      ? h('div', { class: 'related', dataset: { testid: 'related' } },
        h('h3', { class: 'small-heading' }, 'Possibly related'),
        h('ul', { class: 'related-list' },
          related.map((p) => {
            const where = describeLocation(p.headingPath, p.page);
            return h('li', {},
              h('details', {},
                h('summary', {},
                  h('span', { class: 'source-name' }, p.documentName || p.documentId),
                  where ? h('span', { class: 'muted' }, ` — ${where}`) : null),
                h('p', { class: 'related-text' }, p.text)));
          })))
      : null,
  ].filter(Boolean);
}

/**
 * Why the answer is extractive: the server's notice when it gives one (its model server was
 * unavailable), else the hint that no generator model is installed.
 */
function extractiveNote(notice) {
  if (notice) {
    return h('div', { class: 'note', dataset: { testid: 'extractive-note' } },
      h('p', {}, h('strong', {}, 'Extractive answer: '), notice));
  }
  return h('div', { class: 'note', dataset: { testid: 'extractive-note' } },
    h('p', {}, h('strong', {}, 'Extractive answer: '),
      'no generator model is installed, so these are the best-matching sentences from your documents, each cited.'),
    h('p', {}, 'To get written answers, run ',
      h('code', {}, `./quarry models pull ${MODEL_HINT_REPO}`),
      ' and set ', h('code', {}, 'quarry.generator.model'), ' to it.'));
}

/**
 * The query retrieval used: the question as asked, or a follow-up rewritten to stand alone (then
 * the summary says so, so the rewriting is never invisible).
 */
function queryUsed(result) {
  if (!result?.query) return null;
  const rewritten = result.rewrite && result.rewrite !== 'unchanged';
  return h('details', { class: 'answer-query', dataset: { testid: 'answer-query', rewrite: result.rewrite || '' } },
    h('summary', {}, rewritten
      ? `Searched for a rewritten query (${result.rewrite === 'model' ? 'by the model' : 'earlier terms added'})`
      : 'Searched for your question as asked'),
    h('code', { dataset: { testid: 'answer-query-text' } }, result.query));
}

function timings(t) {
  if (!t) return null;
  return h('p', { class: 'timings muted small', dataset: { testid: 'answer-timings' } },
    `Retrieval ${formatMs(t.retrievalMs)} · Generation ${formatMs(t.generationMs)} · Total ${formatMs(t.totalMs)}`);
}
