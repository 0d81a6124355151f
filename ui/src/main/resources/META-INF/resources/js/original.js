// Opening a document's original file. The content URL needs the Authorization header, so a
// plain link cannot work: the file is fetched as a Blob and shown through an object URL.
import { fetchBlob, paths } from './api.js';
import { showError } from './dom.js';

/**
 * Opens the current version of a document in a new tab (or downloads it when pop-ups are
 * blocked). The tab is opened before the fetch, while the click still counts as a user
 * gesture, and pointed at the file once it has arrived.
 */
export async function openOriginal(kb, documentId, name) {
  const tab = window.open('', '_blank');
  try {
    const blob = await fetchBlob(paths.documentContent(kb, documentId));
    const url = URL.createObjectURL(blob);
    if (tab) {
      tab.location.href = url;
    } else {
      const link = Object.assign(document.createElement('a'), { href: url, download: baseName(name) });
      link.click();
    }
    // The tab has loaded the blob by then; free the memory.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (err) {
    tab?.close();
    showError(err);
  }
}

function baseName(path) {
  return (path || 'document').split('/').pop();
}
