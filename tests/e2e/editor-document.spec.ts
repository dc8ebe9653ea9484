/**
 * The SOP document in the editor, driven as an author would: write the purpose, a prerequisite and a step
 * warning, set a review date in the past and a tag (the library shows both and finds the SOP by its tag),
 * save versions, view an old one and restore it (undoably), and see the flow diagram drawn by Mermaid,
 * loaded only when needed, under the extension's CSP, with hostile step text drawn as text. Everything must
 * survive a reload.
 */
import { expect, test } from './fixtures';
import { recordChecks } from './helpers/record';
import { EditorPage } from './pages/editor-page';

const CLICK_INJECTION = '"]; click s1 "javascript:alert(1)"';
const IMG_INJECTION = '<img src=x onerror=alert(1)>';


/** The diagram's label text with whitespace removed (layout may break a label over lines). */
const diagramText = async (editor: EditorPage) =>
  (await editor.diagram().locator('svg').evaluate((svg) => [...svg.querySelectorAll('.label, .nodeLabel, text')].map((n) => n.textContent).join(' '))).replace(/\s+/g, '');

test('the SOP document: sections, library badge and tags, versions, and a safe diagram', async ({ context, extensionId, servers, tabIdOf }) => {
  const popup = await recordChecks(context, extensionId, servers.mainOrigin, tabIdOf, 2);
  const [editorTab] = await Promise.all([context.waitForEvent('page'), popup.button('Open in editor').click()]);
  await editorTab.waitForLoadState();
  const sopId = new URL(editorTab.url()).hash.replace('#/sop/', '');
  await editorTab.close();

  // The library alone never loads Mermaid.
  const requested: string[] = [];
  context.on('request', (r) => requested.push(r.url()));
  const mermaidChunks = () => requested.filter((u) => /\/chunks\/mermaid[^/]*\.js$/.test(u)).length;
  const editor = await EditorPage.open(context, extensionId);
  const problems: string[] = [];
  editor.page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  editor.page.on('console', (m) => {
    if (/Content Security Policy|unsafe-eval|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  editor.page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await expect(editor.procedures()).toHaveCount(1);
  expect(requested.some((u) => u.includes('/chunks/editor-'))).toBe(true);
  expect(mermaidChunks()).toBe(0);

  await editor.procedures().first().getByRole('link').click();
  await expect(editor.stepText(1)).toHaveValue('Click **Check 1**.');

  // Sections: empty ones ask their question; the author fills a few.
  await expect(editor.section('Rollback')).toContainText('Not written yet: how do you undo the change?');
  await editor.field('Purpose').fill('Run the post-deploy checks after each **payments** release.');
  await editor.page.keyboard.press('Control+z');
  await expect(editor.field('Purpose')).toHaveValue('');
  await editor.page.keyboard.press('Control+Shift+z');
  await expect(editor.field('Purpose')).toHaveValue('Run the post-deploy checks after each **payments** release.');
  await editor.button('Add a prerequisite').click();
  await expect(editor.field('Prerequisite 1')).toBeFocused();
  await editor.page.keyboard.type('VPN connected');
  await editor.steps().nth(0).locator('summary').click();
  await editor.button('Add a warning to step 1').click();
  await expect(editor.field('Step 1 warning 1')).toBeFocused();
  await editor.page.keyboard.type('Do not run during the freeze.');
  await editor.field('Review date').fill('2020-01-31');
  await expect(editor.section('Document control')).toContainText('Review overdue');
  await editor.field('Tags').fill('zebra-tag, payments');
  await expect(editor.section('Document control').getByRole('listitem')).toHaveText(['zebra-tag', 'payments']);
  await editor.saved();

  // The library shows the badge and the tags, and finds the SOP by a tag alone.
  await editor.button('← Library').click();
  const card = editor.procedures().first();
  await expect(card).toContainText('Review overdue');
  await expect(card.getByRole('list', { name: 'Tags' }).getByRole('listitem')).toHaveText(['zebra-tag', 'payments']);
  await editor.page.getByLabel('Search procedures').fill('zebra');
  await expect(editor.procedures()).toHaveCount(1);
  await editor.page.getByLabel('Search procedures').fill('zebra giraffe');
  await expect(editor.procedures()).toHaveCount(0);
  await editor.page.getByLabel('Search procedures').fill('');
  await editor.procedures().first().getByRole('link').click();
  await expect(editor.stepText(1)).toHaveValue('Click **Check 1**.');

  // Versions: save 0.1, change a step, save 0.2, view 0.1, restore it, undo the restore, redo it.
  await editor.field('Summary of changes').fill('first draft');
  await editor.button('Save version').click();
  const history = editor.section('Revision history');
  await expect(history.locator('tr[data-version="0.1"]')).toContainText('first draft');
  await editor.stepText(1).fill('Click **Check 1** twice.');
  await editor.field('Summary of changes').fill('check twice');
  await editor.button('Save version').click();
  await expect(history.locator('tr[data-version="0.2"]')).toContainText('check twice');
  await editor.button('View version 0.1').click();
  const old = editor.page.getByRole('region', { name: 'Version 0.1, read-only' });
  const oldFirst = old.getByRole('list', { name: 'Steps of version 0.1' }).getByRole('listitem').first();
  await expect(oldFirst).toContainText('Click Check 1.');
  await expect(oldFirst).not.toContainText('twice');
  await expect(old).toContainText('VPN connected');
  await expect(old).toContainText('Do not run during the freeze.');
  await editor.button('Restore version 0.1').click();
  await expect(editor.stepText(1)).toHaveValue('Click **Check 1**.');
  await editor.button('Undo').click();
  await expect(editor.stepText(1)).toHaveValue('Click **Check 1** twice.');
  await editor.button('Redo').click();
  await expect(editor.stepText(1)).toHaveValue('Click **Check 1**.');

  // The diagram: Mermaid is fetched now, draws the steps, and hostile step text stays text.
  const diagram = editor.diagram();
  await expect(diagram.locator('svg')).toBeVisible({ timeout: 20_000 });
  expect(mermaidChunks()).toBeGreaterThan(0);
  await expect.poll(() => diagramText(editor)).toContain('1.ClickCheck1.');
  await editor.stepText(2).fill(CLICK_INJECTION);
  await editor.button('Add a step').click();
  await editor.stepText(3).fill(IMG_INJECTION);
  await expect.poll(() => diagramText(editor), { timeout: 15_000 }).toContain('click s1 "javascript:alert(1)"'.replace(/\s+/g, ''));
  await expect.poll(() => diagramText(editor)).toContain(IMG_INJECTION.replace(/\s+/g, ''));
  const svg = diagram.locator('svg');
  await expect(svg.locator('img, image, script, iframe, object, embed, a[href]')).toHaveCount(0);
  expect(await svg.evaluate((el) => [...el.querySelectorAll('*')].filter((n) => [...n.attributes].some((a) => /^on/i.test(a.name) || /javascript:/i.test(a.value))).length)).toBe(0);
  expect(await editor.page.locator('img[src="x"]').count()).toBe(0);

  // The source is the author's to edit: a broken one shows a plain error, Regenerate brings it back.
  const source = editor.field('Mermaid source');
  await expect(source).toHaveValue(/^flowchart TD/);
  await expect(editor.button('Regenerate from the SOP')).toBeDisabled();
  await source.fill('flowchart TD\n  a[Start] --> b[Edited by hand]\n');
  await expect.poll(() => diagramText(editor)).toContain('Editedbyhand');
  // A hand-written directive cannot loosen the security level, and a click stays dead.
  await source.fill('%%{init: {"securityLevel": "loose"}}%%\nflowchart TD\n  a[Go by hand] --> b\n  click a "javascript:alert(1)"\n');
  await expect.poll(() => diagramText(editor)).toContain('Gobyhand');
  expect(await svg.evaluate((el) => el.outerHTML.includes('javascript:'))).toBe(false);
  await source.fill('flowchart TD\n  a[[[ --> ');
  await expect(diagram.locator('..').getByRole('alert')).toContainText('The diagram source does not parse');
  await editor.button('Regenerate from the SOP').click();
  await expect(source).toHaveValue(/^flowchart TD/);
  await expect.poll(() => diagramText(editor)).toContain('1.ClickCheck1.');
  await editor.saved();

  // Everything survives a reload.
  await editor.page.reload();
  await expect(editor.stepText(1)).toHaveValue('Click **Check 1**.');
  await expect.poll(() => editor.stepTexts()).toEqual(['Click **Check 1**.', CLICK_INJECTION, IMG_INJECTION]);
  await expect(editor.field('Purpose')).toHaveValue('Run the post-deploy checks after each **payments** release.');
  await expect(editor.field('Prerequisite 1')).toHaveValue('VPN connected');
  await expect(editor.field('Review date')).toHaveValue('2020-01-31');
  await expect(editor.field('Tags')).toHaveValue('zebra-tag, payments');
  await editor.steps().nth(0).locator('summary').click();
  await expect(editor.field('Step 1 warning 1')).toHaveValue('Do not run during the freeze.');
  await expect(editor.section('Revision history').getByRole('row')).toHaveCount(3);
  await expect(editor.diagram().locator('svg')).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => diagramText(editor)).toContain(IMG_INJECTION.replace(/\s+/g, ''));

  await expect(editor.page.getByRole('status').filter({ hasText: 'Not saved' })).toHaveCount(0);
  expect(problems).toEqual([]);
  expect(sopId).not.toBe('');
});
