/** Opening the full editor from the popup, and reading which SOP it shows. */
import type { SopId } from '../model';

export function editorUrl(sopId?: SopId): string {
  return chrome.runtime.getURL(`/editor.html${sopId ? `#/sop/${encodeURIComponent(sopId)}` : '#/'}`);
}

export async function openEditor(sopId?: SopId): Promise<void> {
  await chrome.tabs.create({ url: editorUrl(sopId) });
}
