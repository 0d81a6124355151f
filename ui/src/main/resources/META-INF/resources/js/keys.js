// The keys tab: a knowledge base's API keys (GET, POST and DELETE /api/keys), for its admins.
// A new key is shown once, with a copy button: the server keeps only its hash.
import { request, describeError, paths } from './api.js';
import { h, announce, confirmAction, showError } from './dom.js';

export function createKeysView() {
  const form = document.getElementById('keys-form');
  const role = document.getElementById('keys-role');
  const fresh = document.getElementById('keys-new');
  const freshRole = document.getElementById('keys-new-role');
  const freshValue = document.getElementById('keys-new-value');
  const copy = document.getElementById('keys-copy');
  const message = document.getElementById('keys-message');
  const body = document.getElementById('keys-body');
  let kb = null;

  /**
   * Shows the keys of a knowledge base; a key that is not its admin is told so. Reloads every
   * time: the key in use may have changed.
   */
  function show(kbId) {
    if (kbId !== kb) hideFresh();
    kb = kbId;
    load();
  }

  async function load() {
    const forKb = kb;
    try {
      const keys = await request('GET', paths.keys(forKb));
      if (forKb !== kb) return;
      form.hidden = false;
      render(keys ?? []);
    } catch (err) {
      if (forKb !== kb) return;
      body.replaceChildren();
      form.hidden = err.status === 403;
      message.textContent = err.status === 403
        ? 'Only an admin key of this knowledge base can see and manage its keys.'
        : describeError(err);
    }
  }

  function render(keys) {
    message.textContent = keys.length
      ? `${keys.length} key${keys.length === 1 ? '' : 's'}.`
      : 'No keys yet: only the server admin key can use this knowledge base.';
    body.replaceChildren(...keys.map(renderKey));
  }

  function renderKey(key) {
    return h('tr', { dataset: { testid: 'key-row', role: key.role } },
      h('td', { 'data-label': 'Key' }, h('code', {}, `${key.id.slice(0, 8)}…`)),
      h('td', { 'data-label': 'Role' }, key.role),
      h('td', { 'data-label': 'Created' }, formatDate(key.createdAt)),
      h('td', {},
        h('button', {
          type: 'button',
          class: 'danger small',
          'aria-label': `Revoke ${key.role} key ${key.id.slice(0, 8)}`,
          onclick: () => revoke(key),
        }, 'Revoke')));
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const forKb = kb;
    try {
      const created = await request('POST', paths.newKey(), { json: { kb: forKb, role: role.value } });
      if (forKb !== kb) return;
      freshRole.textContent = created.role;
      freshValue.value = created.key;
      fresh.hidden = false;
      freshValue.focus();
      freshValue.select();
      announce(`A ${created.role} key was created. Copy it now: it is not shown again.`);
      await load();
    } catch (err) {
      showError(err);
    }
  });

  copy.addEventListener('click', async () => {
    freshValue.select();
    try {
      await navigator.clipboard.writeText(freshValue.value);
      announce('Key copied.');
    } catch {
      // No clipboard access (a plain-http page, or permission refused): the key stays selected.
      announce('Copying is not allowed here: the key is selected, copy it with the keyboard.');
    }
  });

  async function revoke(key) {
    const confirmed = await confirmAction({
      title: 'Revoke this key?',
      message: `Whoever uses this ${key.role} key loses access to the knowledge base at once.`,
      confirmLabel: 'Revoke key',
    });
    if (!confirmed) return;
    try {
      await request('DELETE', paths.key(key.id));
      announce('Key revoked.');
      await load();
    } catch (err) {
      showError(err);
    }
  }

  function hideFresh() {
    fresh.hidden = true;
    freshValue.value = '';
  }

  return { show };
}

function formatDate(iso) {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : '';
}
