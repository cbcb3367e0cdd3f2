import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router'
import { Button, ErrorNote } from '../../components/ui/ui'
import { ApiError } from '../../lib/api-client'
import { exportCsvPath, importCsv } from './api'

/** A row error of a refused import (`details` of the 422). */
type RowError = { line: number; column?: string; message: string }

/** CSV import: pick a file, see exactly what will change (or which rows are wrong), then import. */
export function ImportPage() {
  const [csv, setCsv] = useState<File | null>(null)
  const [fileName, setFileName] = useState('')
  const qc = useQueryClient()
  const preview = useMutation({ mutationFn: (file: File) => importCsv(file, true) })
  const apply = useMutation({
    mutationFn: (file: File) => importCsv(file, false),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['products'] }),
  })
  const rowErrors = preview.error instanceof ApiError && Array.isArray(preview.error.details) ? (preview.error.details as RowError[]) : null
  const pick = async (file: File | undefined) => {
    if (!file) return
    apply.reset()
    // A copy of the bytes as picked: the import sends the same file the preview checked.
    const copy = new File([await file.arrayBuffer()], file.name, { type: file.type || 'text/csv' })
    setCsv(copy)
    setFileName(file.name)
    preview.mutate(copy)
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
            Use the same columns as <a href={exportCsvPath}>Export CSV</a>: one row per variant, rows with the same <code>handle</code> form one product.
            Existing handles are updated; nothing is written until you confirm.
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
          {!apply.data.dryRun && apply.data.imageErrors.length ? (
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
