// Turning what a person picked or dropped into {file, path} pairs, where `path` is the name
// relative to the picked folder ("guides/setup.md"). The server keeps that path as the
// document name, so two "README.md" in different folders stay two documents.

/** Files from an <input type=file>, with their folder path when the input picks folders. */
export function filesFromInput(input) {
  return [...input.files]
    .map((file) => ({ file, path: file.webkitRelativePath || file.name }))
    .filter((f) => !isHidden(f.path));
}

/**
 * Files from a drop, walking dropped folders. The entries must be taken from the
 * DataTransfer before the first await: the browser empties it when the drop handler returns.
 * @returns {Promise<{file: File, path: string}[]>}
 */
export async function filesFromDrop(dataTransfer) {
  const items = [...(dataTransfer.items || [])].filter((item) => item.kind === 'file');
  const entries = items.map((item) => (item.webkitGetAsEntry ? item.webkitGetAsEntry() : null));
  if (entries.length === 0 || entries.some((entry) => entry === null)) {
    // No entry API (or a drop from another app): the flat file list is all there is.
    return [...dataTransfer.files].map((file) => ({ file, path: file.name }));
  }
  const collected = [];
  for (const entry of entries) await walk(entry, collected);
  return collected.filter((f) => !isHidden(f.path));
}

async function walk(entry, collected) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    collected.push({ file, path: entry.fullPath.replace(/^\/+/, '') || file.name });
  } else if (entry.isDirectory) {
    for (const child of await readAllEntries(entry.createReader())) await walk(child, collected);
  }
}

// readEntries returns at most about 100 entries a call; it must be called until it returns none.
async function readAllEntries(reader) {
  const all = [];
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

// Folders carry files nobody means to index (.DS_Store, .git/...): skip dot-files and dot-folders.
function isHidden(path) {
  return path.split('/').some((segment) => segment.startsWith('.'));
}
