/** The benchmark pages for the capture benches (bench-capture.mjs, bench-page-feel.mjs). */
import { createServer } from 'node:http';

function row(i) {
  const status = ['Open', 'Paid', 'Overdue'][i % 3];
  return `<tr data-row="${i}"><td><input type="checkbox" aria-label="Select invoice ${1000 + i}"></td>
    <td><a href="#inv-${i}">INV-${1000 + i}</a></td><td>Customer ${i}</td><td><span class="badge">${status}</span></td>
    <td>${(i * 37.5).toFixed(2)} €</td><td><button class="icon" aria-label="Edit invoice ${1000 + i}"><svg width="12" height="12"><path d="M0 0h12v12H0z"/></svg></button>
    <button class="icon" data-testid="delete-${i}">Delete</button></td></tr>`;
}

/** An invoices console of `rows` table rows (plus a form, a web component): ~400 nodes at 24 rows, ~90k at 5,000. */
export function invoicePage(rows, head = '') {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Invoices — Bench</title>${head}
<style>
  body { font: 13px system-ui, sans-serif; margin: 0; } header, main, aside { padding: 6px 12px; }
  nav a { margin-right: 8px; } table { border-collapse: collapse; } td { padding: 1px 6px; border-bottom: 1px solid #ddd; }
  .layout { display: grid; grid-template-columns: 1fr 360px; } label { display: block; margin: 4px 0; }
  .card { cursor: pointer; border: 1px solid #ccc; padding: 4px; margin: 4px 0; }
</style></head><body>
<header><nav>${Array.from({ length: 12 }, (_, i) => `<a href="#section-${i}">Section ${i}</a>`).join('')}</nav>
  <search-box id="global-search"></search-box></header>
<div class="layout"><main><h1>Invoices</h1>
  <table><thead><tr><th></th><th>No.</th><th>Customer</th><th>Status</th><th>Amount</th><th></th></tr></thead>
  <tbody>${Array.from({ length: rows }, (_, i) => row(i)).join('')}</tbody></table>
  ${Array.from({ length: 4 }, (_, i) => `<div class="card" onclick="this.dataset.open = 1"><b>Reminder ${i}</b> <span>Follow up with customer</span></div>`).join('')}
</main>
<aside><form id="new-invoice" aria-label="New invoice">
  <label>Customer name <input name="customer" autocomplete="organization"></label>
  <label for="email">Billing email</label><input id="email" type="email">
  <label>Notes <textarea name="notes" rows="3"></textarea></label>
  <label>Currency <select name="currency"><option>EUR</option><option>USD</option><option>GBP</option></select></label>
  <label><input type="checkbox" name="send"> Send by email</label>
  <label>API token <input name="api_token" type="password"></label>
  <button type="submit">Create invoice</button> <button type="button" id="cancel">Cancel</button>
</form></aside></div>
<script>
  document.getElementById('new-invoice').addEventListener('submit', (e) => e.preventDefault());
  customElements.define('search-box', class extends HTMLElement {
    connectedCallback() {
      const root = this.attachShadow({ mode: 'open' });
      root.innerHTML = '<input placeholder="Search invoices"> <button>Search</button> <button>Clear</button>';
    }
  });
</script></body></html>`;
}

/** Serves `html` cross-origin isolated: performance.now() then has 5 µs resolution. */
export function serveIsolated(html) {
  const server = createServer((req, res) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    res.end(html);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Centres of the elements to click, shadow-root ones included. */
export async function clickTargets(page) {
  return page.evaluate(() => {
    const shadow = document.getElementById('global-search').shadowRoot;
    const els = [
      ...document.querySelectorAll('nav a, tbody a, tbody button, tbody input[type=checkbox], .card span, #cancel, form input[type=checkbox]'),
      ...shadow.querySelectorAll('button'),
    ];
    return els
      .map((el) => el.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.bottom < innerHeight && r.right < innerWidth)
      .map((r) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 }));
  });
}

export const fieldSelectors = [
  'input[name=customer]',
  '#email',
  'textarea[name=notes]',
  'input[name=api_token]',
  'search-box >> input', // Playwright's CSS engine pierces open shadow roots
];

