// The conversation list beside the chat: a key's conversations with the knowledge base, most
// recent first (GET /api/kbs/{kb}/conversations), to continue, rename or delete. Which one is
// open is kept per knowledge base in sessionStorage, so a reload comes back to it.
import { request, paths } from './api.js';
import { h, announce, showError, confirmAction } from './dom.js';

const OPEN_STORAGE = 'quarry.conversation.';

/** The open conversation of each knowledge base, for this browser tab. */
export const openConversation = {
  get: (kb) => sessionStorage.getItem(OPEN_STORAGE + kb) || null,
  set: (kb, id) =>
    id ? sessionStorage.setItem(OPEN_STORAGE + kb, id) : sessionStorage.removeItem(OPEN_STORAGE + kb),
};

/**
 * @param {{onOpen: (id: string) => void, onNew: () => void, onDeleted: (id: string) => void,
 *   onRenamed: (conversation: object) => void}} deps
 */
export function createConversationList({ onOpen, onNew, onDeleted, onRenamed }) {
  const list = document.getElementById('conversation-list');
  const empty = document.getElementById('conversation-empty');
  document.getElementById('conversation-new').addEventListener('click', () => onNew());

  let kb = null;
  let current = null;
  let items = [];

  /** Lists the knowledge base's conversations; resolves to them. */
  async function load(kbId) {
    kb = kbId;
    try {
      const loaded = await request('GET', paths.conversations(kbId));
      if (kb !== kbId) return []; // another knowledge base was picked meanwhile
      items = loaded ?? [];
      render();
    } catch (err) {
      showError(err);
    }
    return items;
  }

  function setCurrent(id) {
    current = id;
    for (const button of list.querySelectorAll('.conversation-open')) {
      button.setAttribute('aria-current', String(button.dataset.id === id));
    }
  }

  function render() {
    empty.hidden = items.length > 0;
    list.replaceChildren(...items.map(item));
  }

  function item(c) {
    const li = h('li', { dataset: { testid: 'conversation', id: c.id } },
      h('button', {
        type: 'button', class: 'conversation-open',
        'aria-current': String(c.id === current),
        dataset: { id: c.id, testid: 'conversation-open' },
        title: `${c.turns} question${c.turns === 1 ? '' : 's'}`,
        onclick: () => onOpen(c.id),
      }, c.title),
      h('button', {
        type: 'button', class: 'quiet small', 'aria-label': `Rename “${c.title}”`,
        dataset: { testid: 'conversation-rename' }, onclick: () => rename(li, c),
      }, '✎'),
      h('button', {
        type: 'button', class: 'quiet small', 'aria-label': `Delete “${c.title}”`,
        dataset: { testid: 'conversation-delete' }, onclick: () => remove(c),
      }, '✕'));
    return li;
  }

  function rename(li, c) {
    const input = h('input', {
      value: c.title, maxlength: 200, required: true, 'aria-label': 'Conversation title',
      dataset: { testid: 'conversation-rename-input' },
    });
    const form = h('form', {
      class: 'conversation-rename-form',
      onsubmit: async (e) => {
        e.preventDefault();
        const title = input.value.trim();
        if (!title) return;
        try {
          const renamed = await request('PATCH', paths.conversation(kb, c.id), { json: { title } });
          announce('Conversation renamed.');
          onRenamed(renamed);
          await load(kb);
        } catch (err) {
          showError(err);
        }
      },
      onkeydown: (e) => {
        if (e.key === 'Escape') render();
      },
    }, input, h('button', { type: 'submit', class: 'small', dataset: { testid: 'conversation-rename-save' } }, 'Save'));
    li.replaceChildren(form);
    input.focus();
    input.select();
  }

  async function remove(c) {
    const confirmed = await confirmAction({
      title: 'Delete this conversation?',
      message: `“${c.title}” and its ${c.turns} question${c.turns === 1 ? '' : 's'} will be deleted.`,
      confirmLabel: 'Delete conversation',
    });
    if (!confirmed) return;
    try {
      await request('DELETE', paths.conversation(kb, c.id));
      announce('Conversation deleted.');
      onDeleted(c.id);
      await load(kb);
    } catch (err) {
      showError(err);
    }
  }

  return { load, setCurrent, refresh: () => (kb ? load(kb) : Promise.resolve([])) };
}
