// Knowledge bases: the sidebar list, the create form, and the selected one's header with
// rename and delete. Selecting one hands it to main.js through onSelect.
import { request, paths } from './api.js';
import { h, announce, showAlert, showError, confirmAction } from './dom.js';
import { modelLine, pendingLine, reindexLine } from './format.js';

const SELECTED_STORAGE = 'quarry.kb';

/**
 * @param {{onSelect: (kb: object|null) => void}} callbacks onSelect gets the KB object, or
 *   null when none is left to show
 */
export function createKbsView({ onSelect }) {
  const list = document.getElementById('kb-list');
  const empty = document.getElementById('kb-empty');
  const createForm = document.getElementById('kb-create-form');
  const createName = document.getElementById('kb-create-name');
  const title = document.getElementById('kb-title');
  const meta = document.getElementById('kb-meta');
  const renameButton = document.getElementById('kb-rename');
  const renameForm = document.getElementById('kb-rename-form');
  const renameName = document.getElementById('kb-rename-name');
  const deleteButton = document.getElementById('kb-delete');

  let kbs = [];
  let currentId = sessionStorage.getItem(SELECTED_STORAGE);

  const current = () => kbs.find((kb) => kb.id === currentId) || null;

  /** Loads the knowledge bases the key can see. @throws {ApiError} so the key form can react */
  async function load() {
    kbs = await request('GET', paths.kbs());
    renderList();
    select(current() ? currentId : kbs[0]?.id ?? null);
  }

  function select(id) {
    currentId = id;
    if (id) sessionStorage.setItem(SELECTED_STORAGE, id);
    else sessionStorage.removeItem(SELECTED_STORAGE);
    renderList();
    renderHeader();
    onSelect(current());
  }

  function renderList() {
    list.replaceChildren(
      ...kbs.map((kb) =>
        h('li', {},
          h('button', {
            type: 'button',
            class: 'kb-item',
            'aria-current': kb.id === currentId ? 'true' : null,
            dataset: { testid: 'kb-item', kbId: kb.id },
            onclick: () => select(kb.id),
          },
          h('span', { class: 'kb-name' }, kb.name),
          h('span', { class: 'kb-count' }, documentCount(kb.documents))))),
    );
    empty.hidden = kbs.length > 0;
  }

  function renderHeader() {
    const kb = current();
    if (!kb) return;
    title.textContent = kb.name;
    const created = kb.createdAt ? ` · created ${new Date(kb.createdAt).toLocaleDateString()}` : '';
    const chunks = Number(kb.chunks) || 0;
    const pending = pendingLine(kb.pending);
    const reindex = reindexLine(kb.reindex);
    const model = modelLine(kb);
    meta.textContent = `${documentCount(kb.documents)} · ${chunks} passage${chunks === 1 ? '' : 's'}${model ? ` · ${model}` : ''}${created}${pending ? ` · ${pending}` : ''}${reindex ? ` · ${reindex}` : ''}`;
    renameForm.hidden = true;
  }

  /** Re-reads the selected knowledge base, for its document and passage counts. */
  async function refreshCurrent() {
    const kb = current();
    if (!kb) return;
    try {
      const fresh = await request('GET', paths.kb(kb.id));
      kbs = kbs.map((k) => (k.id === fresh.id ? fresh : k));
      renderList();
      renderHeader();
    } catch {
      // Counts are a convenience; the next action reports a real problem.
    }
  }

  createForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const name = createName.value.trim();
    if (!name) return;
    try {
      const kb = await request('POST', paths.kbs(), { json: { name } });
      createName.value = '';
      showAlert(null);
      kbs = [...kbs.filter((k) => k.id !== kb.id), kb];
      select(kb.id);
      announce(`Knowledge base ${kb.name} created.`);
    } catch (err) {
      showError(err);
    }
  });

  renameButton.addEventListener('click', () => {
    renameName.value = current()?.name || '';
    renameForm.hidden = false;
    renameName.focus();
    renameName.select();
  });
  document.getElementById('kb-rename-cancel').addEventListener('click', () => {
    renameForm.hidden = true;
    renameButton.focus();
  });
  renameForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const kb = current();
    const name = renameName.value.trim();
    if (!kb || !name) return;
    try {
      const renamed = await request('PATCH', paths.kb(kb.id), { json: { name } });
      kbs = kbs.map((k) => (k.id === kb.id ? { ...k, ...renamed } : k));
      showAlert(null);
      renderList();
      renderHeader();
      renameButton.focus();
      announce(`Renamed to ${name}.`);
    } catch (err) {
      showError(err);
    }
  });

  deleteButton.addEventListener('click', async () => {
    const listed = current();
    if (!listed) return;
    // The count in the list may be stale: name what will really be lost.
    const kb = await request('GET', paths.kb(listed.id)).catch(() => listed);
    const confirmed = await confirmAction({
      title: `Delete “${kb.name}”?`,
      message:
        `Its ${documentCount(kb.documents)}, their search index and every key made for it will be ` +
        'deleted. This cannot be undone.',
      confirmLabel: 'Delete knowledge base',
    });
    if (!confirmed) return;
    try {
      await request('DELETE', paths.kb(kb.id));
      kbs = kbs.filter((k) => k.id !== kb.id);
      showAlert(null);
      announce(`Knowledge base ${kb.name} deleted.`);
      select(kbs[0]?.id ?? null);
    } catch (err) {
      showError(err);
    }
  });

  /** Forgets the list, for when the key is refused. */
  function clear() {
    kbs = [];
    list.replaceChildren();
    empty.hidden = true;
  }

  return { load, refreshCurrent, current, clear };
}

function documentCount(n) {
  const count = Number(n) || 0;
  return `${count} document${count === 1 ? '' : 's'}`;
}
