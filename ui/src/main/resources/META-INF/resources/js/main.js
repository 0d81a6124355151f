// Wires the page together: the key form, the knowledge base selection, and the four tabs.
import { apiKey, describeError, ApiError } from './api.js';
import { announce, showAlert } from './dom.js';
import { createKbsView } from './kbs.js';
import { createDocumentsView } from './documents.js';
import { createAskView } from './ask.js';
import { createSearchView } from './search.js';
import { createKeysView } from './keys.js';
import { createCitationPanel } from './citations.js';

const TAB_STORAGE = 'quarry.tab';

const keyForm = document.getElementById('key-form');
const keyInput = document.getElementById('key-input');
const keyStatus = document.getElementById('key-status');
const welcome = document.getElementById('welcome');
const kbView = document.getElementById('kb-view');

const citations = createCitationPanel();
const documents = createDocumentsView({ onCountsChanged: () => kbs.refreshCurrent() });
const askView = createAskView({ openCitation: citations.open });
const searchView = createSearchView();
const keysView = createKeysView();
const kbs = createKbsView({ onSelect: showKb });

function showKb(kb) {
  citations.close();
  welcome.hidden = Boolean(kb);
  kbView.hidden = !kb;
  if (!kb) {
    documents.hide();
    return;
  }
  documents.show(kb.id);
  askView.show(kb.id);
  searchView.show(kb.id);
  keysView.show(kb.id);
}

// --- API key -------------------------------------------------------------------------------

/** Tries the stored key by listing knowledge bases; a 401 brings the key form back. */
async function useKey() {
  try {
    await kbs.load();
    showAlert(null);
    keyForm.hidden = true;
    keyStatus.hidden = false;
    announce('Key accepted.');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) askForKey();
    showAlert(describeError(err));
  }
}

function askForKey() {
  apiKey.clear();
  keyForm.hidden = false;
  keyStatus.hidden = true;
  welcome.hidden = false;
  kbView.hidden = true;
  documents.hide();
  kbs.clear();
  keyInput.focus();
}

keyForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const key = keyInput.value.trim();
  if (!key) return;
  apiKey.set(key);
  keyInput.value = '';
  useKey();
});

document.getElementById('key-change').addEventListener('click', () => {
  askForKey();
  showAlert(null);
});

// Any call answered 401 (the key was revoked, or the server restarted with other keys).
window.addEventListener('quarry:unauthorized', () => {
  askForKey();
  showAlert(describeError(new ApiError(401, null)));
});

document.getElementById('alert-close').addEventListener('click', () => showAlert(null));

// --- Tabs (WAI-ARIA tabs pattern: arrow keys move between tabs) -----------------------------

const tabs = [...document.querySelectorAll('[role="tab"]')];

function selectTab(tab, { focus = false } = {}) {
  for (const t of tabs) {
    const selected = t === tab;
    t.setAttribute('aria-selected', String(selected));
    t.tabIndex = selected ? 0 : -1;
    document.getElementById(t.getAttribute('aria-controls')).hidden = !selected;
  }
  sessionStorage.setItem(TAB_STORAGE, tab.id);
  if (focus) tab.focus();
}

for (const tab of tabs) {
  tab.addEventListener('click', () => selectTab(tab));
  tab.addEventListener('keydown', (e) => {
    const at = tabs.indexOf(tab);
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    selectTab(tabs[(next + tabs.length) % tabs.length], { focus: true });
  });
}
selectTab(document.getElementById(sessionStorage.getItem(TAB_STORAGE)) || tabs[0]);

// A file dropped outside the drop zone would make the browser navigate away to show it.
for (const type of ['dragover', 'drop']) {
  window.addEventListener(type, (e) => {
    if (!e.target.closest?.('#dropzone')) e.preventDefault();
  });
}

// --- Start -----------------------------------------------------------------------------------

if (apiKey.get()) useKey();
else keyInput.focus();
