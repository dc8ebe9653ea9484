/**
 * The full editor, driven as an author would: reorder by keyboard and by drag, merge, split, insert,
 * delete, undo/redo, move a highlight, play the recording from a step; the library's search, duplicate
 * and delete with undo. Every edit must survive a reload (autosave).
 */
import { expect, test } from './fixtures';
import { recordChecks } from './helpers/record';
import { EditorPage } from './pages/editor-page';

test('edits steps with undo, drag and keyboard, and every edit is autosaved', async ({ context, extensionId, servers, tabIdOf }) => {
  const popup = await recordChecks(context, extensionId, servers.mainOrigin, tabIdOf, 4);
  const [editorTab] = await Promise.all([context.waitForEvent('page'), popup.button('Open in editor').click()]);
  await editorTab.waitForLoadState();
  const editor = await EditorPage.open(context, extensionId, new URL(editorTab.url()).hash.replace('#/sop/', ''));
  await editorTab.close();
  expect(await editor.stepTexts()).toEqual(['Click **Check 1**.', 'Click **Check 2**.', 'Click **Check 3**.', 'Click **Check 4**.']);

  // keyboard reorder: Alt+ArrowUp moves step 3 above step 2, focus follows the step
  await editor.stepText(3).focus();
  await editor.page.keyboard.press('Alt+ArrowUp');
  expect(await editor.stepTexts()).toEqual(['Click **Check 1**.', 'Click **Check 3**.', 'Click **Check 2**.', 'Click **Check 4**.']);
  await expect(editor.stepText(2)).toBeFocused();

  // drag step 2 by its grip onto step 1 (both on screen: Playwright's drag does not auto-scroll)
  await editor.steps().nth(0).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await editor.steps().nth(1).locator('.estep__grip').dragTo(editor.steps().nth(0).locator('.estep__head'));
  expect(await editor.stepTexts()).toEqual(['Click **Check 3**.', 'Click **Check 1**.', 'Click **Check 2**.', 'Click **Check 4**.']);

  // merge step 2 into step 1, then undo and redo it
  await editor.button('Merge step 2 into step 1').click();
  expect(await editor.stepTexts()).toEqual(['Click **Check 3**. Click **Check 1**.', 'Click **Check 2**.', 'Click **Check 4**.']);
  await editor.page.keyboard.press('Control+z');
  expect(await editor.stepTexts()).toHaveLength(4);
  await editor.page.keyboard.press('Control+Shift+z');
  expect(await editor.stepTexts()).toHaveLength(3);

  // split at the cursor, insert a manual step, edit text, delete then undo
  await editor.stepText(1).focus();
  await editor.stepText(1).evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(18, 18));
  await editor.button('Split step 1 at the cursor').click();
  expect((await editor.stepTexts()).slice(0, 2)).toEqual(['Click **Check 3**.', 'Click **Check 1**.']);
  await editor.button('Insert a step after step 4').click();
  await editor.stepText(5).fill('');
  await editor.stepText(5).pressSequentially('Wait for the green tick.');
  await editor.button('Delete step 3').click();
  expect(await editor.stepTexts()).toHaveLength(4);
  await editor.button('Undo').click();
  const final = ['Click **Check 3**.', 'Click **Check 1**.', 'Click **Check 2**.', 'Click **Check 4**.', 'Wait for the green tick.'];
  expect(await editor.stepTexts()).toEqual(final);

  // move the highlight of step 1 with the keyboard
  const highlight = editor.steps().nth(0).getByTestId('highlight');
  const before = await highlight.getAttribute('aria-valuetext');
  await highlight.focus();
  for (let i = 0; i < 5; i++) await editor.page.keyboard.press('Control+ArrowRight');
  const after = await highlight.getAttribute('aria-valuetext');
  expect(Number(/x (\d+)/.exec(after!)![1]) - Number(/x (\d+)/.exec(before!)![1])).toBe(50);

  await editor.saved();
  await editor.page.reload();
  await expect.poll(() => editor.stepTexts()).toEqual(final);
  await expect(editor.steps().nth(0).getByTestId('highlight')).toHaveAttribute('aria-valuetext', after!);

  // the recording plays from a step
  await editor.button('Play the recording from step 3').click();
  const video = editor.page.getByTestId('recording-video');
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
  expect(await video.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
});

test('the library searches, duplicates, and deletes with undo', async ({ context, extensionId, servers, tabIdOf }) => {
  const popup = await recordChecks(context, extensionId, servers.mainOrigin, tabIdOf, 2);
  await popup.page.getByLabel('Title').fill('Toggle post-deploy checks');
  await popup.button('Rename').click();
  await expect(popup.page.getByRole('status').filter({ hasText: 'Renamed.' })).toBeVisible();
  const editor = await EditorPage.open(context, extensionId);
  await expect(editor.procedures()).toHaveCount(1);

  await editor.page.getByLabel('Search procedures').fill('check 2');
  await expect(editor.procedures()).toHaveCount(1);
  await expect(editor.procedures().first()).toContainText('Click Check 2.');
  await editor.page.getByLabel('Search procedures').fill('rollback');
  await expect(editor.procedures()).toHaveCount(0);
  await editor.page.getByLabel('Search procedures').fill('');

  await editor.button('Duplicate Toggle post-deploy checks').click();
  await expect(editor.page.getByLabel('Title')).toHaveValue('Toggle post-deploy checks (copy)');
  await editor.button('← Library').click();
  await expect(editor.procedures()).toHaveCount(2);

  await editor.button('Delete Toggle post-deploy checks (copy)').click();
  await expect(editor.procedures()).toHaveCount(1);
  await editor.button('Undo').click();
  await expect(editor.procedures()).toHaveCount(2);
});
