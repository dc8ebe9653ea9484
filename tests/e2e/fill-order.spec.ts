/**
 * Steps come in the order the person acted, however a field got its value: a link that renders a form in place
 * (SPA), then fields filled without keystrokes (as autofill, a password manager or Playwright's fill() do), a
 * paste, and typing key by key.
 */
import { expect, test } from './fixtures';
import { readStoredSteps } from './helpers/stored-steps';
import { PopupPage } from './pages/popup-page';

test('a form opened by a link and filled without keystrokes: steps in the order of the actions', async ({ context, extensionId, servers, tabIdOf }) => {
  const page = await context.newPage();
  await page.goto(`${servers.mainOrigin}/signup.html`);
  const popup = await PopupPage.open(context, extensionId, await tabIdOf(page));
  await popup.start();
  await page.bringToFront();

  await page.getByRole('link', { name: 'Invite a member' }).click();
  await page.getByLabel('Full name').fill('Dana Reyes');
  await page.getByLabel('Work email').fill('dana@shipyard.test');
  // A paste: the clipboard event path, no key events for the text.
  await page.getByLabel('Team').focus();
  await page.getByLabel('Team').evaluate((el) => {
    const data = new DataTransfer();
    data.setData('text/plain', 'Platform');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await page.keyboard.insertText('Platform');
  await page.getByLabel('Note').pressSequentially('on call', { delay: 20 });
  await page.getByRole('button', { name: 'Send invite' }).click();
  await expect(page.getByRole('status')).toHaveText('Invite sent');

  await popup.page.bringToFront();
  await popup.stop();
  const steps = (await readStoredSteps(popup.page)).map((s) => s.text);
  expect(steps).toEqual([
    'Click **Invite a member**.',
    'Type "Dana Reyes" into **Full name**.',
    'Type "dana\\@shipyard.test" into **Work email**.',
    'Type "Platform" into **Team**.',
    'Type "on call" into **Note**.',
    'Click **Send invite**.',
  ]);
});
