import { escapeHtml } from '../lib/html'
import type { LinkOutcome } from './open-link'

const layout = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;background:#f3f4f6;margin:0;display:grid;place-items:center;min-height:100vh}main{background:#fff;border-radius:16px;padding:2rem;max-width:22rem;width:calc(100% - 2rem);box-sizing:border-box;box-shadow:0 4px 24px #0001}h1{font-size:1.25rem;margin:0 0 .5rem}p{color:#4b5563}input,button{font:inherit;width:100%;box-sizing:border-box;padding:.75rem;border-radius:10px;border:1px solid #d1d5db;margin-top:.5rem}button{background:#111827;color:#fff;border:0;font-weight:600}.error{color:#b91c1c}</style></head><body><main>${body}</main></body></html>`

/** The password form of a protected short link (posts back to the same URL). */
export function passwordPage(opts: { error?: string; status?: number; query?: string }) {
  const body = `<h1>This link is protected</h1><p>Enter the password the shop gave you.</p>${opts.error ? `<p class="error" role="alert">${escapeHtml(opts.error)}</p>` : ''}<form method="post" action="${escapeHtml(opts.query ?? '')}"><label for="pw">Password</label><input id="pw" name="password" type="password" autocomplete="off" required autofocus><button type="submit">Continue</button></form>`
  return new Response(layout('Password required', body), {
    status: opts.status ?? 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  })
}

export function messagePage(status: 404 | 410 | 429, title: string, text: string) {
  return new Response(layout(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`), {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  })
}

/** The response of a short-link page: `redirect` answers `redirectStatus` (302 for GET, 303 after the form). */
export function linkResponse(outcome: LinkOutcome, redirectStatus: 302 | 303, query: string): Response {
  if (outcome.kind === 'message') return messagePage(outcome.status, outcome.title, outcome.text)
  if (outcome.kind === 'password') return passwordPage({ error: outcome.error, status: outcome.status, query })
  return new Response(null, {
    status: redirectStatus,
    headers: { location: outcome.location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer-when-downgrade' },
  })
}
