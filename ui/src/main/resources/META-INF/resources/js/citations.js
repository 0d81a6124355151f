// The source panel: what a citation [n] points at, with the part that backs the answer marked.
import { h } from './dom.js';
import { highlightParts, describeLocation } from './format.js';
import { openOriginal } from './original.js';

export function createCitationPanel() {
  const panel = document.getElementById('citation-panel');
  const heading = document.getElementById('citation-title');
  const docName = document.getElementById('citation-doc');
  const location = document.getElementById('citation-location');
  const passage = document.getElementById('citation-text');
  const openButton = document.getElementById('citation-open');
  let shown = null; // {kb, citation, returnFocus}

  /** Shows a citation; focus moves into the panel and returns to `returnFocus` on close. */
  function open(kb, citation, returnFocus) {
    shown = { kb, citation, returnFocus };
    heading.textContent = `Source [${citation.n}]`;
    docName.textContent = citation.documentName || citation.documentId;
    const where = describeLocation(citation.headingPath, citation.page);
    location.textContent = where;
    location.hidden = !where;
    passage.replaceChildren(
      ...highlightParts(citation.text || '', citation.highlight).map((part) =>
        part.marked ? h('mark', { dataset: { testid: 'citation-highlight' } }, part.text) : part.text),
    );
    panel.hidden = false;
    document.body.classList.add('panel-open');
    panel.focus();
    panel.querySelector('mark')?.scrollIntoView({ block: 'nearest' });
  }

  function close() {
    if (!shown) return;
    const { returnFocus } = shown;
    shown = null;
    panel.hidden = true;
    document.body.classList.remove('panel-open');
    if (returnFocus?.isConnected) returnFocus.focus();
  }

  document.getElementById('citation-close').addEventListener('click', close);
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') close();
  });
  openButton.addEventListener('click', () => {
    if (shown) openOriginal(shown.kb, shown.citation.documentId, shown.citation.documentName);
  });

  return { open, close };
}
