import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router'
import { Button, ErrorNote } from '../../components/ui/ui'
import { ApiError, api } from '../../lib/api-client'

type PlanItem = { line: number; slug: string; title: string; action: 'create' | 'update' | 'unchanged'; changes: string[] }
type ImportResult = {
  dryRun: boolean
  summary: { create: number; update: number; unchanged: number }
  items: PlanItem[]
  imageErrors?: { line: number; message: string }[]
}
type RowError = { line: number; column?: string; message: string }

const post = (csv: string, dryRun: boolean) =>
  api<ImportResult>(`/api/products/import${dryRun ? '?dryRun=true' : ''}`, { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } })

/** CSV import: pick a file, see exactly what will change (or which rows are wrong), then import. */
export function ImportPage() {
  const [csv, setCsv] = useState<string | null>(null)
  const [fileName, setFileName] = useState('')
  const qc = useQueryClient()
  const preview = useMutation({ mutationFn: (text: string) => post(text, true) })
  const apply = useMutation({
    mutationFn: (text: string) => post(text, false),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['products'] }),
  })
  const rowErrors = preview.error instanceof ApiError && Array.isArray(preview.error.details) ? (preview.error.details as RowError[]) : null
  const pick = async (file: File | undefined) => {
    if (!file) return
    apply.reset()
    const text = await file.text()
    setCsv(text)
    setFileName(file.name)
    preview.mutate(text)
  }
  const plan = preview.data
  const changes = plan ? plan.summary.create + plan.summary.update : 0
  return (
    <section>
      <header className="page-head">
        <div>
          <p className="muted">
            <Link to="/products">← Products</Link>
          </p>
          <h1>Import products from CSV</h1>
          <p className="muted">
            Use the same columns as <a href="/api/products/export.csv">Export CSV</a>: one row per variant, rows with the same <code>handle</code> form one
            product. Existing handles are updated; nothing is written until you confirm.
          </p>
        </div>
      </header>
      <div className="card">
        <label className="btn btn-secondary file-btn">
          Choose a CSV file
          <input type="file" accept=".csv,text/csv" hidden data-testid="csv-input" onChange={(e) => pick(e.target.files?.[0])} />
        </label>
        {fileName ? <span className="muted"> {fileName}</span> : null}
      </div>

      {preview.isPending ? <p aria-busy="true">Checking the file…</p> : null}
      {rowErrors ? (
        <div className="card" role="alert">
          <h2 className="error">{preview.error?.message}</h2>
          <p>Fix these rows in your file and choose it again:</p>
          <table className="simple-table">
            <thead>
              <tr>
                <th>Line</th>
                <th>Column</th>
                <th>Problem</th>
              </tr>
            </thead>
            <tbody>
              {rowErrors.map((e, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: errors have no id
                <tr key={i}>
                  <td>{e.line}</td>
                  <td>{e.column ?? ''}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : preview.error ? (
        <ErrorNote error={preview.error} />
      ) : null}

      {plan && !apply.data ? (
        <div className="card" data-testid="import-preview">
          <h2>
            {plan.summary.create} new, {plan.summary.update} updated, {plan.summary.unchanged} unchanged
          </h2>
          <table className="simple-table">
            <thead>
              <tr>
                <th>Line</th>
                <th>Product</th>
                <th>Change</th>
              </tr>
            </thead>
            <tbody>
              {plan.items.map((it) => (
                <tr key={it.slug}>
                  <td>{it.line}</td>
                  <td>
                    {it.title} <small className="muted">{it.slug}</small>
                  </td>
                  <td>
                    <span className={`pill action-${it.action}`}>{it.action}</span> {it.changes.join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Button busy={apply.isPending} disabled={!changes} onClick={() => csv && apply.mutate(csv)}>
            {changes ? `Import ${changes} product${changes === 1 ? '' : 's'}` : 'Nothing to import'}
          </Button>
          {apply.error ? <ErrorNote error={apply.error} /> : null}
        </div>
      ) : null}
      {apply.data ? (
        <div className="card" role="status" data-testid="import-done">
          <h2>
            Imported: {apply.data.summary.create} new, {apply.data.summary.update} updated.
          </h2>
          {apply.data.imageErrors?.length ? (
            <ul>
              {apply.data.imageErrors.map((e) => (
                <li key={e.message} className="error">
                  Line {e.line}: {e.message}
                </li>
              ))}
            </ul>
          ) : null}
          <Link className="btn btn-primary" to="/products">
            See products
          </Link>
        </div>
      ) : null}
    </section>
  )
}
