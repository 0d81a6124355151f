// The documents tab: the drop zone and pickers, the table of documents, and their ingestion
// status kept live from the knowledge base's event stream (GET /api/kbs/{kb}/events).
import { request, stream, paths } from './api.js';
import { h, announce, showAlert, showError, confirmAction } from './dom.js';
import { filesFromDrop, filesFromInput } from './files.js';
import { formatBytes } from './format.js';
import { openOriginal } from './original.js';
import { createUploader } from './uploads.js';

const PAGE_SIZE = 100;
// While the event stream is down, documents still being ingested are polled this often.
const POLL_MS = 4000;
// Reconnection waits grow up to this, so a stopped server is not hammered.
const MAX_RECONNECT_MS = 30_000;
const SETTLED = new Set(['READY', 'FAILED']);
const STATUS_ORDER = { QUEUED: 0, PROCESSING: 1, READY: 2, FAILED: 2 };
// What a stale update must not overwrite.
const PROGRESS_FIELDS = ['status', 'version', 'error', 'chunks'];

/** @param {{onCountsChanged: () => void}} callbacks called when documents appear, go or settle */
export function createDocumentsView({ onCountsChanged }) {
  const body = document.getElementById('documents-body');
  const empty = document.getElementById('documents-empty');
  const more = document.getElementById('documents-more');
  const moreText = document.getElementById('documents-more-text');
  const moreButton = document.getElementById('documents-more-button');
  const dropzone = document.getElementById('dropzone');
  const fileInput = document.getElementById('file-input');
  const folderInput = document.getElementById('folder-input');
  const replaceInput = document.getElementById('replace-input');

  let kb = null;
  const docs = new Map();
  const rows = new Map();
  let events = null; // {abort: AbortController, open: boolean}
  let pollTimer = null;
  let replacing = null;
  let wanted = PAGE_SIZE;

  const uploader = createUploader({
    onAccepted: (forKb, accepted) => {
      if (forKb !== kb) {
        // Another knowledge base is shown now: its table cannot report this one's ingestion.
        for (const doc of accepted) uploader.settled(doc.id);
        return;
      }
      for (const doc of accepted) upsert(doc);
      onCountsChanged();
    },
  });

  /** Shows a knowledge base's documents and follows their status until hide(). */
  function show(kbId) {
    if (kbId === kb) return;
    hide();
    kb = kbId;
    wanted = PAGE_SIZE;
    docs.clear();
    rows.clear();
    body.replaceChildren();
    empty.hidden = true;
    more.hidden = true;
    load();
    follow(kbId);
    pollTimer = setInterval(pollWhileStreamDown, POLL_MS);
  }

  function hide() {
    events?.abort.abort();
    events = null;
    clearInterval(pollTimer);
    kb = null;
  }

  // Loads the first `wanted` documents page by page; "Show more" raises `wanted`.
  async function load() {
    const forKb = kb;
    // Only documents known before the request can be missing from it because they are gone;
    // one accepted while the request was on its way is simply newer than the answer.
    const knownBefore = new Set(docs.keys());
    try {
      const items = [];
      let total = 0;
      for (let page = 0; items.length < wanted; page++) {
        const answer = await request('GET', paths.documents(forKb, page, PAGE_SIZE));
        const batch = answer?.items ?? [];
        items.push(...batch);
        total = answer?.total ?? items.length;
        if (batch.length < PAGE_SIZE || items.length >= total) break;
      }
      if (forKb !== kb) return;
      const seen = new Set(items.map((d) => d.id));
      for (const id of knownBefore) if (!seen.has(id)) remove(id);
      for (const doc of items) upsert(doc, { quiet: true });
      empty.hidden = docs.size > 0;
      more.hidden = total <= items.length;
      moreText.textContent = `Showing ${items.length} of ${total} documents.`;
    } catch (err) {
      showError(err);
    }
  }

  moreButton.addEventListener('click', () => {
    wanted += PAGE_SIZE;
    load();
  });

  // Follows the event stream, reconnecting with growing waits; after each reconnection the
  // list is reloaded, since events sent while disconnected are lost.
  async function follow(forKb) {
    const state = { abort: new AbortController(), open: false };
    events = state;
    let wait = 1000;
    while (kb === forKb && !state.abort.signal.aborted) {
      try {
        await stream('GET', paths.events(forKb), {
          signal: state.abort.signal,
          onOpen: () => {
            state.open = true;
            wait = 1000;
          },
          onEvent: ({ event, data }) => {
            if (event === 'document' && data && typeof data === 'object' && kb === forKb) onDocumentEvent(data);
            // A re-index's progress and its switch to the new index change the header's counts.
            if (event === 'reindex' && kb === forKb) onCountsChanged();
          },
        });
      } catch (err) {
        if (state.abort.signal.aborted) return;
        if (err?.status === 401 || err?.status === 403 || err?.status === 404) return;
      }
      state.open = false;
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, MAX_RECONNECT_MS);
      if (kb === forKb) load();
    }
  }

  function pollWhileStreamDown() {
    if (events?.open) return;
    if ([...docs.values()].some((d) => !SETTLED.has(d.status))) load();
  }

  function onDocumentEvent(change) {
    // The server also tells about deletions (a field beyond docs/api.md's event payload).
    if (change.deleted === true) {
      if (docs.has(change.id)) {
        remove(change.id);
        onCountsChanged();
      }
      return;
    }
    const known = docs.get(change.id);
    const before = known?.status;
    upsert(change);
    if (change.status === before && before === 'READY' && change.chunks !== known.chunks) {
      onCountsChanged(); // re-indexed under new chunk settings: the passage count moved
      return;
    }
    if (change.status !== before && SETTLED.has(change.status)) {
      refreshDocument(change.id);
      announce(change.status === 'READY'
        ? `${change.name} is ready.`
        : `${change.name} failed: ${change.error || 'no reason given'}.`);
      onCountsChanged();
    }
  }

  // Events carry only the status fields; the settled document's size and dates come from a read.
  async function refreshDocument(id) {
    const forKb = kb;
    try {
      const doc = await request('GET', paths.document(forKb, id));
      if (forKb === kb && docs.has(id)) upsert(doc, { quiet: true });
    } catch {
      // The row already shows the status; a failed read only leaves size and date blank.
    }
  }

  /** Adds or updates one document's row, keeping focus where it was. */
  function upsert(change, { quiet = false } = {}) {
    if (!change?.id) return;
    const old = docs.get(change.id);
    // Answers and events race: a 202 saying QUEUED can arrive after the READY event.
    const doc = { ...old, ...change, ...(isBehind(change, old) ? pick(old, PROGRESS_FIELDS) : {}) };
    docs.set(doc.id, doc);
    if (SETTLED.has(doc.status)) uploader.settled(doc.id, doc.status);
    const oldRow = rows.get(doc.id);
    const focused = oldRow?.contains(document.activeElement) ? document.activeElement.dataset.action : null;
    const row = renderRow(doc);
    rows.set(doc.id, row);
    if (oldRow) oldRow.replaceWith(row);
    else insertSorted(row, doc.name);
    if (focused) row.querySelector(`[data-action="${focused}"]`)?.focus();
    empty.hidden = docs.size > 0;
    if (!quiet && !oldRow) announce(`${doc.name} added, ${statusWord(doc.status)}.`);
  }

  function remove(id) {
    rows.get(id)?.remove();
    rows.delete(id);
    docs.delete(id);
    empty.hidden = docs.size > 0;
  }

  function insertSorted(row, name) {
    const after = [...body.children].find((r) => r.dataset.name.localeCompare(name) > 0);
    body.insertBefore(row, after || null);
  }

  function renderRow(doc) {
    const status = doc.status || 'QUEUED';
    return h('tr', { dataset: { testid: 'document-row', documentId: doc.id, name: doc.name, status, version: String(doc.version ?? '') } },
      h('th', { scope: 'row', 'data-label': 'Name', class: 'doc-name' },
        h('span', { class: 'name' }, doc.name),
        status === 'FAILED' && doc.error
          ? h('span', { class: 'doc-error', dataset: { testid: 'document-error' } }, doc.error)
          : null),
      h('td', { 'data-label': 'Status' },
        h('span', { class: `badge badge-${status.toLowerCase()}`, dataset: { testid: 'status-badge' } },
          statusWord(status))),
      h('td', { 'data-label': 'Version' }, doc.version ?? ''),
      h('td', { 'data-label': 'Chunks' }, doc.chunks ?? ''),
      h('td', { 'data-label': 'Size' }, formatBytes(doc.size)),
      h('td', { 'data-label': 'Updated' }, formatDate(doc.updatedAt)),
      h('td', { class: 'actions' },
        h('button', {
          type: 'button', class: 'secondary small', 'aria-label': `Open ${doc.name}`,
          dataset: { action: 'open', testid: 'document-open' },
          onclick: () => openOriginal(kb, doc.id, doc.name),
        }, 'Open'),
        h('button', {
          type: 'button', class: 'secondary small', 'aria-label': `Replace ${doc.name} with a new version`,
          dataset: { action: 'replace', testid: 'document-replace' },
          onclick: () => startReplace(doc.id),
        }, 'Replace'),
        h('button', {
          type: 'button', class: 'danger small', 'aria-label': `Delete ${doc.name}`,
          dataset: { action: 'delete', testid: 'document-delete' },
          onclick: () => deleteDocument(doc.id),
        }, 'Delete')));
  }

  function startReplace(id) {
    replacing = id;
    replaceInput.value = '';
    replaceInput.click();
  }

  replaceInput.addEventListener('change', () => {
    const doc = docs.get(replacing);
    const file = replaceInput.files[0];
    if (doc && file) uploader.replace(kb, doc, file);
    replacing = null;
  });

  async function deleteDocument(id) {
    const doc = docs.get(id);
    if (!doc) return;
    const confirmed = await confirmAction({
      title: `Delete “${doc.name}”?`,
      message: `Every version of it and its ${doc.chunks ?? 0} passages will be removed from this knowledge base. This cannot be undone.`,
      confirmLabel: 'Delete document',
    });
    if (!confirmed) return;
    try {
      await request('DELETE', paths.document(kb, id));
      remove(id);
      showAlert(null);
      announce(`${doc.name} deleted.`);
      onCountsChanged();
    } catch (err) {
      showError(err);
    }
  }

  for (const input of [fileInput, folderInput]) {
    input.addEventListener('change', () => {
      if (kb) uploader.add(kb, filesFromInput(input));
      input.value = '';
    });
  }

  dropzone.addEventListener('dragover', (e) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    dropzone.classList.add('dragging');
  });
  dropzone.addEventListener('dragleave', () => dropzone.classList.remove('dragging'));
  dropzone.addEventListener('drop', async (e) => {
    e.preventDefault();
    dropzone.classList.remove('dragging');
    const forKb = kb;
    const files = await filesFromDrop(e.dataTransfer);
    if (forKb) uploader.add(forKb, files);
  });

  return { show, hide };
}

/** True when `change` describes an earlier state of the document than `known` does. */
function isBehind(change, known) {
  if (!known || change.version == null || known.version == null) return false;
  if (change.version !== known.version) return change.version < known.version;
  return (STATUS_ORDER[change.status] ?? 0) < (STATUS_ORDER[known.status] ?? 0);
}

function pick(object, fields) {
  return Object.fromEntries(fields.filter((f) => f in object).map((f) => [f, object[f]]));
}

function formatDate(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

function statusWord(status) {
  return { QUEUED: 'Queued', PROCESSING: 'Processing', READY: 'Ready', FAILED: 'Failed' }[status] || status;
}
