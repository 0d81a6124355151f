// A document as the UI shows it: its extracted text (the indexed passages, in order), drawn
// as text nodes, and its original file offered only as a download. An uploaded file is never
// opened as a page on Quarry's origin: HTML or SVG there could run script and read the key.
import { fetchBlob, paths, request } from './api.js';
import { h, showError } from './dom.js';
import { describeLocation } from './format.js';

const dialog = () => document.getElementById('document-viewer');
let current = null; // {kb, documentId, name, returnFocus}

/**
 * Shows a document's extracted text in the document dialog, with a button that downloads
 * the original. Focus returns to the element that had it when the dialog closes.
 */
export async function openOriginal(kb, documentId, name) {
  const viewer = dialog();
  wire(viewer);
  current = { kb, documentId, name, returnFocus: document.activeElement };
  viewer.querySelector('#document-viewer-title').textContent = name || documentId;
  const meta = viewer.querySelector('[data-role="meta"]');
  const text = viewer.querySelector('[data-role="text"]');
  meta.textContent = 'Loading the text…';
  text.replaceChildren();
  if (!viewer.open) viewer.showModal();
  try {
    const doc = await request('GET', paths.documentText(kb, documentId));
    if (current?.documentId !== documentId) return;
    meta.textContent = describe(doc);
    text.replaceChildren(...doc.passages.map(renderPassage));
  } catch (err) {
    meta.textContent = '';
    viewer.close();
    showError(err);
  }
}

function describe(doc) {
  const count = doc.passages.length;
  if (count === 0) {
    return doc.status === 'READY'
      ? 'This document has no text Quarry could extract.'
      : `No text yet: the document is ${String(doc.status).toLowerCase()}.`;
  }
  const versions = new Set(doc.passages.map((p) => p.version));
  const indexed = versions.size === 1 ? [...versions][0] : null;
  const stale = indexed != null && indexed !== doc.version ? ` (version ${indexed} is shown until version ${doc.version} is ready)` : '';
  return `Extracted text, ${count} passage${count === 1 ? '' : 's'}${stale}. The original file is available as a download.`;
}

function renderPassage(passage) {
  const where = describeLocation(passage.headings, passage.page);
  return h('p', { class: 'passage', dataset: { testid: 'document-passage' } },
    where ? h('span', { class: 'passage-where' }, where) : null,
    passage.text);
}

/** Saves the original through an object URL; the Blob is re-typed so no browser renders it. */
async function download() {
  if (!current) return;
  const { kb, documentId, name } = current;
  try {
    const blob = await fetchBlob(paths.documentContent(kb, documentId));
    const url = URL.createObjectURL(new Blob([blob], { type: 'application/octet-stream' }));
    const link = h('a', { href: url, download: baseName(name) });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (err) {
    showError(err);
  }
}

let wired = false;
function wire(viewer) {
  if (wired) return;
  wired = true;
  viewer.querySelector('[data-role="close"]').addEventListener('click', () => viewer.close());
  viewer.querySelector('[data-role="download"]').addEventListener('click', download);
  viewer.addEventListener('close', () => {
    const focus = current?.returnFocus;
    current = null;
    if (focus?.isConnected) focus.focus();
  });
}

function baseName(path) {
  return (path || 'document').split('/').pop();
}
