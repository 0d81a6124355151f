// Browser test of Quarry's web UI against a running server, with Debian's Chromium.
//
//   BASE_URL=http://127.0.0.1:18080 QUARRY_ADMIN_KEY=... [SCREENSHOTS_DIR=docs/images] \
//     node ui/e2e/ui.e2e.mjs
//
// One scenario, step by step (a failed step skips the rest and leaves a screenshot in the
// temp folder): a refused key, the admin key, a knowledge base, a folder upload followed to
// READY over the event stream, an answer with a citation whose passage holds the fact, a new
// version that changes the answer, a deletion that removes it, a file that fails, search,
// conversations (a follow-up whose rewritten query is shown, a reload that keeps the open
// conversation, rename, continuing an earlier one, delete), a reader key made in the Keys tab
// that may neither upload nor manage keys, its revocation, a phone-width layout, and no request
// to any host but BASE_URL's.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { chromium } from 'playwright-core';

const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:18080').replace(/\/+$/, '');
const ADMIN_KEY = process.env.QUARRY_ADMIN_KEY;
const SCREENSHOTS_DIR = process.env.SCREENSHOTS_DIR;
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Generous: a 2-core machine ingests a small file in seconds, but the first question also
// loads the embedding model.
const INGEST_TIMEOUT = 180_000;
const ANSWER_TIMEOUT = 180_000;

const FACT = 'The Zorblat reactor runs on helium-3.';
const NEW_FACT = 'The Zorblat reactor runs on antimatter.';
const OTHER_FACT = 'The Quillon bridge is painted teal.';
const QUESTION = 'What does the Zorblat reactor run on?';

test('Quarry web UI, from key to answer', { timeout: 20 * 60_000 }, async (t) => {
  assert.ok(ADMIN_KEY, 'set QUARRY_ADMIN_KEY to the server admin key');
  const files = await writeFixtures();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  t.after(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);

  const origin = new URL(BASE_URL).origin;
  const foreignRequests = [];
  const pageErrors = [];
  context.on('request', (req) => {
    const url = new URL(req.url());
    if (!['blob:', 'data:', 'about:'].includes(url.protocol) && url.origin !== origin) {
      foreignRequests.push(req.url());
    }
  });
  page.on('pageerror', (err) => pageErrors.push(err.message));

  let broken = false;
  const step = (name, fn) =>
    t.test(name, { skip: broken && 'an earlier step failed' }, async () => {
      try {
        await fn();
      } catch (err) {
        broken = true;
        const shot = path.join(os.tmpdir(), `quarry-e2e-failure-${Date.now()}.png`);
        await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
        console.error(`step "${name}" failed; screenshot: ${shot}`);
        throw err;
      }
    });
  const kbName = `E2E ${crypto.randomBytes(3).toString('hex')}`;
  const row = (nameFragment) => page.locator(`tr[data-testid="document-row"][data-name*="${nameFragment}"]`);

  await step('a wrong key shows the 401 message', async () => {
    await page.goto(`${BASE_URL}/`);
    await page.getByLabel('API key').fill('not-a-key');
    await page.getByRole('button', { name: 'Use key' }).click();
    await expectText(page.getByTestId('alert'), 'The key was refused: check it or ask an admin for one');
    // a first visit says where a key comes from
    await expectText(page.getByTestId('key-help'), 'data/admin-key');
    await expectText(page.getByTestId('key-help'), 'Keys tab');
    await screenshot(page, '01-key-refused');
  });

  await step('the admin key is accepted', async () => {
    await page.getByLabel('API key').fill(ADMIN_KEY);
    await page.keyboard.press('Enter');
    await page.getByTestId('alert').waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Change key' }).waitFor();
  });

  await step('a knowledge base is created and renamed', async () => {
    await page.getByLabel('New knowledge base').fill(`${kbName} draft`);
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await expectText(page.getByTestId('kb-title'), `${kbName} draft`);
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('New name').fill(kbName);
    await page.getByRole('button', { name: 'Save' }).click();
    await expectText(page.getByTestId('kb-title'), kbName);
    await page.getByTestId('kb-item').filter({ hasText: kbName }).waitFor();
  });

  await step('a folder of two files uploads and both become READY', async () => {
    await page.getByTestId('folder-input').setInputFiles(files.folder);
    for (const name of ['zorblat.md', 'quillon.txt']) {
      await row(name).and(page.locator('[data-status="READY"]')).waitFor({ timeout: INGEST_TIMEOUT });
    }
    // The folder path travels as the multipart filename, so it is part of the document name.
    assert.match(await row('zorblat.md').getAttribute('data-name'), /facts\/zorblat\.md$/);
    await screenshot(page, '02-documents-ready');
  });

  await step('an HTML file uploaded as notes.txt runs no script that can read the key', async () => {
    // The attack of issue 14: a writer uploads a page named .txt; when an admin opens the
    // original, its script runs on Quarry's origin and sends the key in sessionStorage away.
    // Any request to /leak means the script ran where it could read the key.
    const leaks = [];
    const onRequest = (req) => { if (new URL(req.url()).pathname === '/leak') leaks.push(req.url()); };
    context.on('request', onRequest);
    try {
      await page.getByTestId('file-input').setInputFiles(files.attack);
      await row('notes.txt').and(page.locator('[data-status="READY"]')).waitFor({ timeout: INGEST_TIMEOUT });
      const leak = context.waitForEvent('request', {
        predicate: (req) => new URL(req.url()).pathname === '/leak', timeout: 60_000,
      });
      leak.catch(() => {});
      await page.getByRole('button', { name: /^Open .*notes\.txt/ }).click();
      const viewer = page.getByTestId('document-viewer');
      // Either the UI shows the text itself, or the script has already run.
      await Promise.race([
        expectText(viewer.getByTestId('document-text'), 'Meeting notes', 60_000),
        leak.then((req) => assert.fail(`the uploaded page ran on Quarry's origin: ${req.url()}`)),
      ]);
      await screenshot(page, '09-document-text');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        viewer.getByRole('button', { name: 'Download original' }).click(),
      ]);
      assert.equal(download.suggestedFilename(), 'notes.txt');
      await viewer.getByRole('button', { name: 'Close' }).click();
      await viewer.waitFor({ state: 'hidden' });

      // Even a browser that reaches the content URL itself (here with the key as a header)
      // gets a download, never a page.
      const kbId = await kbIdByName(kbName);
      const docId = await row('notes.txt').getAttribute('data-document-id');
      const probe = await context.newPage();
      await probe.setExtraHTTPHeaders({ Authorization: `Bearer ${ADMIN_KEY}` });
      const probeDownload = probe.waitForEvent('download', { timeout: 30_000 }).catch(() => null);
      await probe.goto(`${BASE_URL}/api/kbs/${encodeURIComponent(kbId)}/documents/${encodeURIComponent(docId)}/content`)
        .catch(() => {}); // "Download is starting" when the browser saves it
      assert.ok(await Promise.race([probeDownload, leak.then(() => null)]), 'the content URL was shown as a page');
      await probe.close();
      assert.deepEqual(leaks, [], 'a script of the uploaded file ran on Quarry\'s origin');

      await fetch(`${BASE_URL}/api/kbs/${encodeURIComponent(kbId)}/documents/${encodeURIComponent(docId)}`,
        { method: 'DELETE', headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
      await row('notes.txt').waitFor({ state: 'detached' });
    } finally {
      context.off('request', onRequest);
    }
  });

  await step('tabs follow the arrow keys', async () => {
    await page.getByRole('tab', { name: 'Documents' }).focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getByRole('tab', { name: 'Ask' }).getAttribute('aria-selected'), 'true');
  });

  await step('an answer streams in with a citation whose passage holds the fact', async () => {
    const answer = await ask(page, QUESTION, 0);
    await expectText(answer.getByTestId('answer-text'), 'helium-3');
    await expectText(answer.getByTestId('answer-timings'), 'Total');
    const cite = answer.locator('[data-testid="citation"][data-document-name*="zorblat"]').first();
    await cite.click();
    const panel = page.getByTestId('citation-panel');
    await panel.waitFor();
    await expectText(panel.getByTestId('citation-text'), FACT);
    await expectText(panel.getByTestId('citation-highlight'), 'helium-3');
    await expectText(panel.getByTestId('citation-doc'), 'zorblat.md');
    await screenshot(page, '03-ask-citation');

    // The document is shown as its extracted text, by the UI itself (never the original file
    // as a page on Quarry's origin).
    await page.getByRole('button', { name: 'Show document' }).click();
    const viewer = page.getByTestId('document-viewer');
    await expectText(viewer.getByTestId('document-viewer-title'), 'zorblat.md');
    await expectText(viewer.getByTestId('document-text'), 'helium-3');
    await viewer.getByRole('button', { name: 'Close' }).click();
    await viewer.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Close source' }).click();
    await panel.waitFor({ state: 'hidden' });
  });

  await step('a new version of the document changes the answer', async () => {
    await page.getByRole('tab', { name: 'Documents' }).click();
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: /^Replace .*zorblat\.md/ }).click(),
    ]);
    await chooser.setFiles(files.newVersion);
    await row('zorblat.md').and(page.locator('[data-version="2"][data-status="READY"]'))
      .waitFor({ timeout: INGEST_TIMEOUT });
    await page.getByRole('tab', { name: 'Ask' }).click();
    const answer = await ask(page, QUESTION, 1);
    await expectText(answer.getByTestId('answer-text'), 'antimatter');
    assert.doesNotMatch(await answer.getByTestId('answer-text').innerText(), /helium-3/);
  });

  await step('a deleted document is no longer cited', async () => {
    await page.getByRole('tab', { name: 'Documents' }).click();
    await page.getByRole('button', { name: /^Delete .*zorblat\.md/ }).click();
    const dialog = page.getByTestId('confirm-dialog');
    await expectText(dialog, 'zorblat.md');
    await dialog.getByRole('button', { name: 'Delete document' }).click();
    await row('zorblat.md').waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: 'Ask' }).click();
    const answer = await ask(page, QUESTION, 2);
    assert.equal(await answer.locator('[data-testid="citation"][data-document-name*="zorblat"]').count(), 0);
    assert.doesNotMatch(await answer.innerText(), /antimatter|helium-3/);
  });

  await step('a question the documents do not cover is declined, with possibly related passages', async () => {
    const answer = await ask(page, 'How do I make a pivot table in a spreadsheet program?', 3);
    assert.equal(await answer.getAttribute('data-mode'), 'abstained');
    await expectText(answer.getByTestId('abstained'), 'Not found in this knowledge base');
    assert.equal(await answer.getByTestId('citation').count(), 0);
    await expectText(answer.getByTestId('related'), 'quillon.txt');
    await screenshot(page, '09-ask-not-found');
  });

  await step('a follow-up in a new chat shows the rewritten query retrieval used', async () => {
    await page.getByTestId('conversation-new').click();
    assert.equal(await page.getByTestId('answer').count(), 0);
    await expectText(page.getByTestId('conversation-title'), 'New conversation');
    const first = await ask(page, 'What colour is the Quillon bridge painted?', 0);
    await expectText(first.getByTestId('answer-text'), 'teal');
    assert.equal(await first.getByTestId('answer-query').getAttribute('data-rewrite'), 'unchanged');
    const followUp = await ask(page, 'Which river does it span?', 1);
    // "it" is the bridge: the passage found is the bridge's
    assert.equal(await followUp.getAttribute('data-mode'), 'extractive');
    await followUp.locator('[data-testid="citation"][data-document-name*="quillon"]').first().waitFor();
    const query = followUp.getByTestId('answer-query');
    assert.equal(await query.getAttribute('data-rewrite'), 'contextualised');
    await query.locator('summary').click();
    await expectText(query.getByTestId('answer-query-text'), 'Quillon bridge');
    // the first question named the conversation, and the list has it beside the earlier one
    await expectText(page.getByTestId('conversation-title'), 'What colour is the Quillon bridge painted?');
    const current = page.locator('[data-testid="conversation-open"][aria-current="true"]');
    await expectText(current, 'What colour is the Quillon bridge painted?');
    await page.getByTestId('conversation-open').filter({ hasText: QUESTION }).waitFor();
    await screenshot(page, '10-conversation-follow-up');
  });

  await step('the open conversation survives a reload, and can be renamed', async () => {
    await page.reload();
    await page.getByRole('tab', { name: 'Ask' }).waitFor();
    await expectText(page.getByTestId('conversation-title'), 'What colour is the Quillon bridge painted?');
    await page.getByTestId('answer').nth(1).waitFor();
    assert.equal(await page.getByTestId('question').count(), 2);
    await page.getByTestId('answer').nth(1)
      .locator('[data-testid="citation"][data-document-name*="quillon"]').first().waitFor();
    assert.equal(await page.getByTestId('answer').nth(1).getByTestId('answer-query').getAttribute('data-rewrite'),
      'contextualised');
    const item = page.getByTestId('conversation').filter({ has: page.locator('[aria-current="true"]') });
    await item.getByTestId('conversation-rename').click();
    await page.getByTestId('conversation-rename-input').fill('Quillon bridge');
    await page.getByTestId('conversation-rename-save').click();
    await expectText(page.getByTestId('conversation-title'), 'Quillon bridge');
    await expectText(page.locator('[data-testid="conversation-open"][aria-current="true"]'), 'Quillon bridge');
  });

  await step('an earlier conversation is continued, and a deleted one is gone', async () => {
    await page.getByTestId('conversation-open').filter({ hasText: QUESTION }).click();
    await expectText(page.getByTestId('conversation-title'), QUESTION);
    await page.getByTestId('answer').nth(3).waitFor();
    assert.equal(await page.getByTestId('question').count(), 4);
    const next = await ask(page, 'What colour is the Quillon bridge?', 4);
    await expectText(next.getByTestId('answer-text'), 'teal');
    const quillon = page.getByTestId('conversation').filter({ hasText: 'Quillon bridge' });
    await quillon.getByTestId('conversation-delete').click();
    const dialog = page.getByTestId('confirm-dialog');
    await expectText(dialog, 'Quillon bridge');
    await dialog.getByRole('button', { name: 'Delete conversation' }).click();
    await quillon.waitFor({ state: 'detached' });
    await expectText(page.getByTestId('conversation-title'), QUESTION);
  });

  await step('a broken file shows why it failed', async () => {
    await page.getByRole('tab', { name: 'Documents' }).click();
    await page.getByTestId('file-input').setInputFiles(files.broken);
    const failed = row('broken.pdf').and(page.locator('[data-status="FAILED"]'));
    const refused = page.getByTestId('upload-error');
    await failed.or(refused).first().waitFor({ timeout: INGEST_TIMEOUT });
    if (await failed.count()) {
      assert.ok((await failed.getByTestId('document-error').innerText()).trim().length > 0, 'a FAILED document says why');
      await expectText(failed.getByTestId('status-badge'), /failed/i);
    } else {
      await expectText(refused, 'cannot read');
    }
    await screenshot(page, '04-documents-statuses');
  });

  await step('search shows hybrid scores and ranks', async () => {
    await page.getByRole('tab', { name: 'Search' }).click();
    await page.getByLabel('Search query').fill('Quillon bridge colour');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const first = page.getByTestId('search-result').first();
    await first.waitFor({ timeout: ANSWER_TIMEOUT });
    await expectText(first, 'quillon.txt');
    await expectText(first.getByTestId('score-bm25'), /\d|—/);
    await expectText(first.getByTestId('score-dense'), /\d|—/);
    await screenshot(page, '05-search');
  });

  let reader;
  await step('the keys tab creates a reader key, shown once', async () => {
    await page.getByRole('tab', { name: 'Keys' }).click();
    await page.getByLabel('New key for a').selectOption('reader');
    await page.getByRole('button', { name: 'Create key' }).click();
    const value = page.getByTestId('keys-new-value');
    await value.waitFor({ state: 'visible' });
    await expectText(page.getByTestId('keys-new'), 'not shown again');
    reader = await value.inputValue();
    assert.match(reader, /^\S{20,}$/, 'the new key is shown');
    await expectText(page.getByTestId('keys-message'), '1 key.');
    await expectText(page.getByTestId('key-row'), 'reader');
    await screenshot(page, '08-keys');
  });

  await step('a reader key is told it may not upload (403)', async () => {
    await page.getByRole('button', { name: 'Change key' }).click();
    await page.getByLabel('API key').fill(reader);
    await page.keyboard.press('Enter');
    await expectText(page.getByTestId('kb-title'), kbName);
    await page.getByRole('tab', { name: 'Documents' }).click();
    await page.getByTestId('file-input').setInputFiles(files.extra);
    await expectText(page.getByTestId('upload-error'), 'Your key does not allow this:');
    await page.getByRole('tab', { name: 'Keys' }).click();
    await expectText(page.getByTestId('keys-message'), 'Only an admin key of this knowledge base');
    await page.getByRole('tab', { name: 'Documents' }).click();
    await page.getByRole('button', { name: 'Change key' }).click();
    await page.getByLabel('API key').fill(ADMIN_KEY);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Change key' }).waitFor();
    await expectText(page.getByTestId('kb-title'), kbName);
  });

  await step('a revoked key is refused at once', async () => {
    await page.getByRole('tab', { name: 'Keys' }).click();
    await page.getByTestId('key-row').getByRole('button', { name: /Revoke reader key/ }).click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Revoke key' }).click();
    await expectText(page.getByTestId('keys-message'), 'No keys yet');
    const response = await fetch(`${BASE_URL}/api/kbs`, { headers: { Authorization: `Bearer ${reader}` } });
    assert.equal(response.status, 401, 'the revoked key still works');
  });

  await step('the layout fits a 360px phone screen', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    for (const tab of ['Documents', 'Ask', 'Search', 'Keys']) {
      await page.getByRole('tab', { name: tab }).click();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the ${tab} view is ${overflow}px wider than the screen`);
    }
    await page.getByRole('tab', { name: 'Ask' }).click();
    await page.getByTestId('answer').last().scrollIntoViewIfNeeded();
    await screenshot(page, '06-phone-ask');
    await page.getByRole('tab', { name: 'Documents' }).click();
    await screenshot(page, '07-phone-documents');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await step('the knowledge base is deleted after a confirmation naming what is lost', async () => {
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = page.getByTestId('confirm-dialog');
    await expectText(dialog, kbName);
    await expectText(dialog, /\d+ documents?/);
    await dialog.getByRole('button', { name: 'Delete knowledge base' }).click();
    await page.getByTestId('kb-item').filter({ hasText: kbName }).waitFor({ state: 'detached' });
  });

  await step('no request left BASE_URL and no script error happened', async () => {
    assert.deepEqual(foreignRequests, []);
    assert.deepEqual(pageErrors, []);
  });
});

/** The id of the knowledge base called `name`, through the API. */
async function kbIdByName(name) {
  const response = await fetch(`${BASE_URL}/api/kbs`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
  const kbs = await response.json();
  const found = (Array.isArray(kbs) ? kbs : kbs.items || []).find((kb) => kb.name === name);
  assert.ok(found, `no knowledge base named ${name}`);
  return found.id;
}

/** Asks a question in the Ask tab and waits for the nth answer (0-based) to finish. */
async function ask(page, question, index) {
  await page.getByLabel('Question').fill(question);
  await page.getByLabel('Question').press('Enter');
  const answer = page.getByTestId('answer').nth(index);
  await answer.and(page.locator('[data-state="done"], [data-state="error"]')).waitFor({ timeout: ANSWER_TIMEOUT });
  if ((await answer.getAttribute('data-state')) === 'error') {
    assert.fail(`the question failed: ${await answer.innerText()}`);
  }
  return answer;
}

/** Waits until a locator's text contains `expected` (a string or a RegExp). */
async function expectText(locator, expected, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.first().innerText().catch(() => '')) || '';
    if (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`expected ${expected} in: ${JSON.stringify(text.slice(0, 500))}`);
}

async function screenshot(page, name) {
  if (!SCREENSHOTS_DIR) return;
  await fs.mkdir(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `ui-${name}.png`) });
}

/** Writes the files the scenario uploads into a fresh temp folder. */
async function writeFixtures() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quarry-e2e-'));
  const folder = path.join(dir, 'facts');
  await fs.mkdir(folder);
  await fs.writeFile(path.join(folder, 'zorblat.md'),
    `# Zorblat reactor\n\n${FACT} It was built in the northern valley.\n`);
  await fs.writeFile(path.join(folder, 'quillon.txt'),
    `${OTHER_FACT} It spans the Morrow river and opened to walkers only.\n`);
  const newVersion = path.join(dir, 'v2', 'zorblat.md');
  await fs.mkdir(path.dirname(newVersion));
  await fs.writeFile(newVersion, `# Zorblat reactor\n\n${NEW_FACT} It was built in the northern valley.\n`);
  // A PDF header followed by random bytes: accepted as a PDF, but no parser can read it.
  const broken = path.join(dir, 'broken.pdf');
  await fs.writeFile(broken, Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(2048)]));
  const extra = path.join(dir, 'extra.txt');
  await fs.writeFile(extra, 'A reader key may not upload this.\n');
  // An HTML page with a script, under a .txt name (issue 14's stored XSS).
  const attack = path.join(dir, 'notes.txt');
  // location.origin: relative URLs do not resolve inside a blob: document.
  await fs.writeFile(attack, '<!doctype html><html><head><title>notes</title><script>'
    + "fetch(location.origin + '/leak?key=' + encodeURIComponent(sessionStorage.getItem('quarry.apiKey')));"
    + '</script></head><body><p>Meeting notes: the budget review moves to Friday.</p>'
    + '<img src="data:," onerror="fetch(location.origin + \'/leak?via=onerror\')"></body></html>\n');
  return { folder, newVersion, broken, extra, attack };
}
