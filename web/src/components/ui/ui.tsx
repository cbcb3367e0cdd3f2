/**
 * The dashboard's component library, in the shadcn/ui way: Radix primitives styled with Tailwind
 * on the shared tokens (web/src/styles/tokens.css), source owned here. Pages import from this file.
 */
import { countOf } from '../../../../contracts/count-of'
import { minorToDecimal } from '../../../../contracts/money'

// Money for display and editing comes from the one money module the Worker uses too.
export { decimalToMinor as parseMoney, formatMoney, minorToDecimal } from '../../../../contracts/money'
export { Badge, badgeVariants } from './badge'
export { Button, type ButtonProps, buttonVariants } from './button'
export { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from './card'
export { Checkbox, Switch } from './checkbox'
export { cn } from './cn'
export { Combobox, type ComboOption, CurrencyField } from './combobox'
export { ConfirmDialog } from './confirm-dialog'
export { CopyButton } from './copy-button'
export { Dialog, DialogClose, DialogContent, DialogTrigger, SheetContent } from './dialog'
export {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from './dropdown-menu'
export { EmptyState, ErrorNote, Loading, Saved, Toaster, toast } from './feedback'
export { Field, FieldShell, Input, Label, TextArea, Textarea } from './field'
export { PageHeader, Section, Thumb } from './page'
export { NativeSelect, Picker, Select, type SelectOption } from './select'
export { Skeleton, SkeletonRows } from './skeleton'
export { SortableTH, type SortDir, Table, TBody, TD, TH, THead, TR } from './table'
export { Tabs, TabsContent, TabsList, TabsTrigger } from './tabs'

/** Minor units as an editable amount string (1250 USD → "12.50"); empty when there is none. */
export const minorToInput = (minor: number | null | undefined, currency: string): string =>
  minor === null || minor === undefined ? '' : minorToDecimal(minor, currency)

/** "1 product", "3 products". */
export const plural = (n: number, one: string, many = `${one}s`) => countOf(n, one, many, n.toLocaleString())
