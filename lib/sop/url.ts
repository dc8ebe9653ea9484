/** Host (with port) of an http(s) URL; '' for other schemes (about:, chrome-extension:, file:) and non-URLs. */
export function urlHost(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.host : '';
  } catch {
    return '';
  }
}
