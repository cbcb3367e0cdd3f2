import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ArrowLeft, FileSpreadsheet } from 'lucide-react'
import { useState } from 'react'
import { Link } from 'react-router'
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  ErrorNote,
  Loading,
  plural,
  Table,
  TBody,
  TD,
  TH,
  THead,
  TR,
  toast,
} from '../../components/ui/ui'
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
    onSuccess: (r) => {
      qc.invalidateQueries({ queryKey: ['products'] })
      toast.success(`Imported ${r.summary.create} new and ${r.summary.update} updated`)
    },
    onError: toast.error,
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
    <div className="flex flex-col gap-4">
      <header className="flex flex-col gap-1">
        <Link to="/products" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="size-4" aria-hidden="true" /> Products
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight">Import products from CSV</h1>
        <p className="max-w-3xl text-sm text-muted-foreground [&_a]:font-medium [&_a]:text-primary">
          Use the same columns as <a href={exportCsvPath}>Export CSV</a>: one row per variant, rows with the same{' '}
          <code className="rounded bg-muted px-1 font-mono text-foreground">handle</code> form one product. Existing handles are updated; nothing is written
          until you confirm.
        </p>
      </header>
      <Card className="flex flex-wrap items-center gap-3 p-4">
        <label className="inline-flex h-9 cursor-pointer items-center gap-2 rounded-md border border-input bg-card px-4 text-sm font-medium shadow-sm hover:bg-muted focus-within:outline-2 focus-within:outline-ring">
          <FileSpreadsheet className="size-4" aria-hidden="true" /> Choose a CSV file
          <input type="file" accept=".csv,text/csv" className="sr-only" data-testid="csv-input" onChange={(e) => pick(e.target.files?.[0])} />
        </label>
        {fileName ? (
          <span className="text-sm text-muted-foreground">{fileName}</span>
        ) : (
          <span className="text-sm text-muted-foreground">No file chosen yet.</span>
        )}
      </Card>

      {preview.isPending ? <Loading label="Checking the file…" /> : null}
      {rowErrors ? (
        <Card role="alert">
          <CardHeader>
            <CardTitle className="text-destructive">{preview.error?.message}</CardTitle>
            <p className="text-sm">Fix these rows in your file and choose it again:</p>
          </CardHeader>
          <CardContent>
            <Table>
              <THead>
                <tr>
                  <TH>Line</TH>
                  <TH>Column</TH>
                  <TH>Problem</TH>
                </tr>
              </THead>
              <TBody>
                {rowErrors.map((e, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: errors have no id
                  <TR key={i}>
                    <TD>{e.line}</TD>
                    <TD>{e.column ?? ''}</TD>
                    <TD>{e.message}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </CardContent>
        </Card>
      ) : preview.error ? (
        <ErrorNote error={preview.error} />
      ) : null}

      {plan && !apply.data ? (
        <Card data-testid="import-preview">
          <CardHeader>
            <CardTitle>
              {plan.summary.create} new, {plan.summary.update} updated, {plan.summary.unchanged} unchanged
            </CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            <Table>
              <THead>
                <tr>
                  <TH>Line</TH>
                  <TH>Product</TH>
                  <TH>Change</TH>
                </tr>
              </THead>
              <TBody>
                {plan.items.map((it) => (
                  <TR key={it.slug}>
                    <TD className="tabular-nums">{it.line}</TD>
                    <TD>
                      <span className="font-medium">{it.title}</span> <small className="text-muted-foreground">{it.slug}</small>
                    </TD>
                    <TD>
                      <Badge tone={it.action === 'create' ? 'success' : it.action === 'update' ? 'primary' : 'neutral'}>{it.action}</Badge>{' '}
                      <span className="text-muted-foreground">{it.changes.join(', ')}</span>
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
            <div>
              <Button busy={apply.isPending} disabled={!changes} onClick={() => csv && apply.mutate(csv)}>
                {changes ? `Import ${plural(changes, 'product')}` : 'Nothing to import'}
              </Button>
            </div>
            {apply.error ? <ErrorNote error={apply.error} /> : null}
          </CardContent>
        </Card>
      ) : null}
      {apply.data ? (
        <Card role="status" data-testid="import-done" className="flex flex-col items-start gap-3 p-5">
          <h2 className="text-base font-semibold">
            Imported: {apply.data.summary.create} new, {apply.data.summary.update} updated.
          </h2>
          {!apply.data.dryRun && apply.data.imageErrors.length ? (
            <ul>
              {apply.data.imageErrors.map((e) => (
                <li key={e.message} className="text-sm text-destructive">
                  Line {e.line}: {e.message}
                </li>
              ))}
            </ul>
          ) : null}
          <Button asChild>
            <Link to="/products">See products</Link>
          </Button>
        </Card>
      ) : null}
    </div>
  )
}
