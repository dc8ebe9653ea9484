/** The keyboard shortcut: a key press on a tab invokes the extension there, which also grants tab capture. */
export const TOGGLE_COMMAND = 'toggle-recording';

export function listenToCommands(toggle: (tabId: number) => unknown): void {
  chrome.commands.onCommand.addListener((command, tab) => {
    if (command === TOGGLE_COMMAND && tab?.id !== undefined) void toggle(tab.id);
  });
}
