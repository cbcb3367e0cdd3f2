import { type ReactElement, useState } from 'react'
import { Button } from './button'
import { Dialog, DialogClose, DialogContent, DialogTrigger } from './dialog'

/**
 * A button that asks before it acts ("Remove member?"), instead of window.confirm: the child is
 * the trigger (keeps its name), the dialog says what happens, and the action runs on confirm.
 * While `onConfirm`'s promise runs the button shows progress; the dialog closes when it settles
 * well and stays open (the caller's toast says why) when it fails.
 */
export function ConfirmDialog({
  children,
  title,
  description,
  confirmLabel,
  onConfirm,
  destructive = true,
}: {
  children: ReactElement
  title: string
  description?: string
  confirmLabel: string
  onConfirm: () => unknown
  destructive?: boolean
}) {
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>{children}</DialogTrigger>
      <DialogContent title={title} description={description}>
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button
            variant={destructive ? 'danger' : 'primary'}
            busy={busy}
            onClick={async () => {
              setBusy(true)
              try {
                await onConfirm()
                setOpen(false)
              } catch {
                // the caller reports the failure (a toast); the dialog stays so they can retry or cancel
              } finally {
                setBusy(false)
              }
            }}
          >
            {confirmLabel}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  )
}
