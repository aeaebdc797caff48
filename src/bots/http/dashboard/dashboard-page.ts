// The dashboard's page: a phone-first grid of cards (one column on a phone, several on a desk), and the small
// client that fetches the panels again every few seconds and swaps them in without a reload.
import { esc } from './dashboard-panels.ts';

export const POLL_SECONDS = 3;

const STYLE = `
:root{color-scheme:light;font-family:"DejaVu Sans",system-ui,sans-serif}
body{margin:0;background:#f4f5f7;color:#1d2330}
header{display:flex;flex-wrap:wrap;gap:.5rem;align-items:baseline;justify-content:space-between;padding:.75rem 1rem;background:#1d2330;color:#fff}
header h1{font-size:1.1rem;margin:0}header small{opacity:.8}
#status.stale{color:#ffb4a8}
main{display:grid;gap:.75rem;padding:.75rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,22rem),1fr))}
.card{background:#fff;border-radius:.5rem;padding:.75rem;box-shadow:0 1px 2px #0002;min-width:0}
.card.wide{grid-column:1/-1}
h2{font-size:1rem;margin:0 0 .5rem}h3{font-size:.9rem;margin:.75rem 0 .25rem}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:.5rem}
.tile{display:flex;flex-direction:column;background:#f4f5f7;border-radius:.35rem;padding:.4rem .5rem}
.tile span{font-size:.75rem;color:#5b6475}.tile b{font-size:1.05rem}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{text-align:left;padding:.25rem .4rem;border-bottom:1px solid #e6e8ec;vertical-align:top}
th{font-size:.75rem;color:#5b6475;font-weight:normal}
.up{color:#0a7d38}.down{color:#b3261e}.empty{color:#5b6475;font-style:italic}
.chart svg{width:100%;height:auto}
small{color:#5b6475}
@media (max-width:30rem){table{font-size:.78rem}th,td{padding:.2rem .25rem}main{padding:.5rem;gap:.5rem}}
`;

export function dashboardPage(panels: string, asOf: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>mlTrainer dashboard</title><style>${STYLE}</style></head>
<body><header><h1>mlTrainer</h1><small id="status" data-as-of="${esc(asOf)}">as of ${esc(asOf.slice(0, 19).replace('T', ' '))} UTC, updating every ${POLL_SECONDS} s</small></header>
<main id="panels">${panels}</main>
<script src="/dashboard.js" defer></script></body></html>`;
}

/** Fetches the panels again every POLL_SECONDS (the cookie set with the page authorises it) and swaps them in. */
export const DASHBOARD_SCRIPT = `
(function () {
  var status = document.getElementById('status');
  var panels = document.getElementById('panels');
  function refresh() {
    fetch('/dashboard/panels', { credentials: 'same-origin', cache: 'no-store' })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json();
      })
      .then(function (body) {
        panels.innerHTML = body.html;
        status.dataset.asOf = body.asOf;
        status.textContent = 'as of ' + body.asOf.slice(0, 19).replace('T', ' ') + ' UTC, updating every ${POLL_SECONDS} s';
        status.className = '';
      })
      .catch(function (err) {
        status.textContent = 'not updated: ' + err.message + ' (retrying)';
        status.className = 'stale';
      })
      .finally(function () { setTimeout(refresh, ${POLL_SECONDS * 1000}); });
  }
  setTimeout(refresh, ${POLL_SECONDS * 1000});
})();
`;
