// GET /api/openapi.json – the OpenAPI document; GET /api/docs – a readable reference page rendered from it
import { z } from '@hono/zod-openapi'
import { html, raw } from 'hono/html'
import { escapeHtml } from '../lib/html'
import { createRouter, publicRoute } from '../lib/openapi'

export type Doc = { info: { title: string; description?: string }; paths?: Record<string, unknown> }
type Op = {
  tags: string[]
  summary: string
  description: string
  parameters?: { name: string; in: string; required?: boolean; schema: unknown; description?: string }[]
  requestBody?: { content: Record<string, { schema: unknown }> }
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>
}

const md = (s: string) =>
  escapeHtml(s)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
const schemaBlock = (schema: unknown) => `<details><summary>schema</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`

function renderOp(path: string, method: string, op: Op) {
  const params = op.parameters?.length
    ? `<table><tr><th>name</th><th>in</th><th>required</th><th>type</th></tr>${(op.parameters ?? [])
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : ''}</td><td>${escapeHtml(JSON.stringify(p.schema))}</td></tr>`,
        )
        .join('')}</table>`
    : ''
  const body = op.requestBody
    ? Object.entries(op.requestBody.content)
        .map(([type, c]) => `<p>Body: <code>${escapeHtml(type)}</code></p>${schemaBlock(c.schema)}`)
        .join('')
    : ''
  const resp = Object.entries(op.responses)
    .filter(([code]) => code !== 'default')
    .map(
      ([code, r]) =>
        `<p>Response <strong>${code}</strong>${r.content ? ` <code>${escapeHtml(Object.keys(r.content)[0])}</code>` : ''}</p>${r.content ? schemaBlock(Object.values(r.content)[0].schema) : ''}`,
    )
    .join('')
  return `<section class="op" id="${escapeHtml(method + path)}"><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3><p>${md(op.summary)}</p>${op.description ? `<p class="muted">${md(op.description)}</p>` : ''}${params}${body}${resp}</section>`
}

function renderDocs(doc: Doc) {
  const byTag = new Map<string, string[]>()
  const toc = new Map<string, string[]>()
  for (const [path, methods] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(methods as Record<string, Op>)) {
      const tag = op.tags?.[0] ?? 'Other'
      byTag.set(tag, [...(byTag.get(tag) ?? []), renderOp(path, method, op)])
      toc.set(tag, [
        ...(toc.get(tag) ?? []),
        `<li><a href="#${escapeHtml(method + path)}"><span class="m ${method}">${method.toUpperCase()}</span> ${escapeHtml(path)}</a></li>`,
      ])
    }
  }
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>linkhub API reference</title>
        <style>
          body { font-family: system-ui, sans-serif; margin: 0; color: #111827; background: #f9fafb; }
          .wrap { display: grid; grid-template-columns: 280px 1fr; }
          nav { position: sticky; top: 0; height: 100vh; overflow: auto; padding: 16px; background: #fff; border-right: 1px solid #e5e7eb; font-size: 0.85rem; }
          nav ul { list-style: none; padding: 0; } nav a { color: #374151; text-decoration: none; display: block; padding: 2px 0; }
          main { padding: 24px; max-width: 960px; }
          .op { background: #fff; border: 1px solid #e5e7eb; border-radius: 10px; padding: 12px 16px; margin-bottom: 12px; overflow-x: auto; }
          .m { display: inline-block; min-width: 56px; font-size: 0.75rem; font-weight: 700; padding: 2px 6px; border-radius: 4px; text-align: center; color: #fff; }
          .get { background: #2563eb; } .post { background: #16a34a; } .patch { background: #d97706; } .put { background: #7c3aed; } .delete { background: #dc2626; }
          table { border-collapse: collapse; font-size: 0.85rem; } td, th { border-bottom: 1px solid #f3f4f6; padding: 4px 8px; text-align: left; }
          pre { background: #f3f4f6; padding: 8px; border-radius: 6px; overflow: auto; font-size: 0.8rem; } .muted { color: #6b7280; }
          @media (max-width: 800px) { .wrap { grid-template-columns: 1fr; } nav { position: static; height: auto; } }
        </style>
      </head>
      <body>
        <div class="wrap">
          <nav>
            <strong>linkhub API</strong>
            <p><a href="/api/openapi.json">openapi.json</a></p>
            ${raw([...toc].map(([tag, items]) => `<h4>${escapeHtml(tag)}</h4><ul>${items.join('')}</ul>`).join(''))}
          </nav>
          <main>
            <h1>${doc.info.title}</h1>
            <p>${raw(md(doc.info.description ?? ''))}</p>
            ${raw([...byTag].map(([tag, ops]) => `<h2>${escapeHtml(tag)}</h2>${ops.join('')}`).join(''))}
          </main>
        </div>
      </body>
    </html>`
}

const getDocument = publicRoute({
  method: 'get',
  path: '/openapi.json',
  tags: ['System'],
  summary: 'This document: every route of the hub, generated from the route declarations',
  responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } } },
})

const getDocs = publicRoute({
  method: 'get',
  path: '/docs',
  tags: ['System'],
  summary: 'A readable reference page rendered from the document',
  responses: { 200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } } },
})

/** GET /api/openapi.json and /api/docs, from the document of the composed app (passed lazily: the app mounts these routes). */
export const documentationRoutes = (documentOf: (origin: string) => Doc) =>
  createRouter()
    .openapi(getDocument, (c) => c.json(documentOf(new URL(c.req.url).origin) as Record<string, unknown>, 200))
    .openapi(getDocs, async (c) => c.html(await renderDocs(documentOf(new URL(c.req.url).origin)), 200))
