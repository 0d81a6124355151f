// The upload list: one line per file with its progress bar while the bytes travel. Once the
// server has accepted a file, its document row (documents.js) takes over and shows ingestion.
import { upload, describeError, paths } from './api.js';
import { h, announce } from './dom.js';
import { formatBytes } from './format.js';

// A few files at a time keeps each progress bar moving and stays under the server's
// files-per-request limit (each request carries one file).
const PARALLEL_UPLOADS = 3;
// How long a line stays once its document is ingested, so the person sees it went through.
const DONE_LINE_MS = 1500;

/**
 * @param {{onAccepted: (kb: string, docs: object[]) => void}} callbacks onAccepted gets the
 *   server's {id, name, status, version} for each accepted file
 */
export function createUploader({ onAccepted }) {
  const list = document.getElementById('upload-list');
  const queue = [];
  let running = 0;
  const waiting = new Map(); // document id -> the line of its upload, until ingestion settles

  /** Uploads new files (or new versions of same-named ones) into a knowledge base. */
  function add(kb, files) {
    for (const { file, path } of files) {
      const line = newLine(path, file.size);
      queue.push(() => send(line, 'POST', paths.documentUpload(kb), file, path, kb));
    }
    if (files.length) announce(`Uploading ${files.length} file${files.length === 1 ? '' : 's'}.`);
    pump();
  }

  /** Sends a file as the new version of an existing document. */
  function replace(kb, doc, file) {
    const line = newLine(`${doc.name} ← ${file.name}`, file.size);
    queue.push(() => send(line, 'PUT', paths.document(kb, doc.id), file, file.name, kb));
    announce(`Replacing ${doc.name}.`);
    pump();
  }

  /** Ingestion of a document is over (READY or FAILED, or no longer shown): its line can go. */
  function settled(documentId, status) {
    const line = waiting.get(documentId);
    if (!line) return;
    waiting.delete(documentId);
    line.state.textContent = status === 'FAILED' ? 'Failed: the table says why' : 'Done';
    if (status === 'FAILED') line.item.dataset.state = 'failed';
    setTimeout(() => line.item.remove(), DONE_LINE_MS);
  }

  function pump() {
    while (running < PARALLEL_UPLOADS && queue.length) {
      const task = queue.shift();
      running++;
      task().finally(() => {
        running--;
        pump();
      });
    }
  }

  async function send(line, method, url, file, filename, kb) {
    line.state.textContent = 'Uploading…';
    try {
      const answer = await upload(method, url, file, filename, (loaded, total) => {
        line.progress.max = total || 1;
        line.progress.value = loaded;
      });
      line.progress.value = line.progress.max;
      line.state.textContent = 'Sent, being ingested…';
      line.item.dataset.state = 'sent';
      const accepted = Array.isArray(answer) ? answer : [answer];
      for (const doc of accepted) if (doc?.id) waiting.set(doc.id, line);
      onAccepted(kb, accepted);
    } catch (err) {
      const message = describeError(err);
      line.item.dataset.state = 'error';
      line.progress.remove();
      line.state.textContent = message;
      line.state.dataset.testid = 'upload-error';
      line.item.append(
        h('button', {
          type: 'button',
          class: 'quiet',
          'aria-label': `Dismiss the message about ${line.name}`,
          onclick: () => line.item.remove(),
        }, '✕'),
      );
      announce(`${line.name} was not uploaded: ${message}`);
    }
  }

  function newLine(name, size) {
    const progress = h('progress', { max: size || 1, value: 0, 'aria-label': `Upload of ${name}` });
    const state = h('span', { class: 'upload-state', dataset: { testid: 'upload-state' } }, 'Waiting…');
    const item = h('li', { dataset: { testid: 'upload-item', name, state: 'waiting' } },
      h('span', { class: 'upload-name' }, name, ' ', h('span', { class: 'muted small' }, formatBytes(size))),
      progress,
      state);
    list.append(item);
    return { item, progress, state, name };
  }

  return { add, replace, settled };
}
