// Unit tests for turning a drop into {file, path} pairs (files.js), with stand-ins for the
// browser's FileSystemEntry API: node has no drag and drop. node --test ui/test/
import test from 'node:test';
import assert from 'node:assert/strict';
import { filesFromDrop } from '../src/main/resources/META-INF/resources/js/files.js';

const file = (name) => ({ name });

function fileEntry(fullPath) {
  return { isFile: true, isDirectory: false, fullPath, file: (ok) => ok(file(fullPath.split('/').pop())) };
}

/** A folder whose reader hands out its children `perCall` at a time, as Chromium does (about 100). */
function folderEntry(fullPath, children, perCall = 100) {
  return {
    isFile: false,
    isDirectory: true,
    fullPath,
    createReader() {
      let at = 0;
      return {
        readEntries(ok) {
          const batch = children.slice(at, at + perCall);
          at += batch.length;
          setTimeout(() => ok(batch), 0);
        },
      };
    },
  };
}

const dropOf = (entries, files = []) => ({
  items: entries.map((entry) => ({ kind: 'file', webkitGetAsEntry: () => entry })),
  files,
});

test('a dropped folder gives every file with its path inside the folder, dot-files left out', async () => {
  const drop = dropOf([
    folderEntry('/guides', [
      fileEntry('/guides/setup.md'),
      fileEntry('/guides/.DS_Store'),
      folderEntry('/guides/deep', [fileEntry('/guides/deep/faq.txt')]),
      folderEntry('/guides/.git', [fileEntry('/guides/.git/config')]),
    ]),
    fileEntry('/notes.pdf'),
  ]);

  const got = await filesFromDrop(drop);

  assert.deepEqual(got.map((f) => f.path), ['guides/setup.md', 'guides/deep/faq.txt', 'notes.pdf']);
  assert.equal(got[0].file.name, 'setup.md');
});

test('a folder of more entries than one readEntries call returns is read to the end', async () => {
  const children = Array.from({ length: 250 }, (_, i) => fileEntry(`/big/f${i}.txt`));
  const got = await filesFromDrop(dropOf([folderEntry('/big', children, 100)]));

  assert.equal(got.length, 250);
  assert.equal(got[249].path, 'big/f249.txt');
});

test('a drop without the entry API falls back to the flat file list', async () => {
  const drop = {
    items: [{ kind: 'file', webkitGetAsEntry: () => null }],
    files: [file('report.docx')],
  };

  const got = await filesFromDrop(drop);

  assert.deepEqual(got.map((f) => f.path), ['report.docx']);
});

test('dragged text (not files) gives nothing', async () => {
  const got = await filesFromDrop({ items: [{ kind: 'string' }], files: [] });

  assert.deepEqual(got, []);
});
