import { Check, Copy } from 'lucide-react'
import { useState } from 'react'
import { Button, type ButtonProps } from './button'
import { toast } from './feedback'

/** Copies `text` to the clipboard, says so (a toast and a tick), and keeps its name ("Copy" unless given). */
export function CopyButton({
  text,
  label = 'Copy',
  done = 'Copied to the clipboard',
  ...rest
}: Omit<ButtonProps, 'onClick'> & { text: string; label?: string; done?: string }) {
  const [copied, setCopied] = useState(false)
  return (
    <Button
      variant="secondary"
      {...rest}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text)
          setCopied(true)
          setTimeout(() => setCopied(false), 1500)
          toast.success(done)
        } catch {
          toast.error(new Error('Could not copy; select the text and copy it yourself.'))
        }
      }}
    >
      {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
      {rest.children ?? label}
    </Button>
  )
}
