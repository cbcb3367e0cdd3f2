import { type ClassValue, clsx } from 'clsx'
import { twMerge } from 'tailwind-merge'

/** Joins class names; later Tailwind classes win over earlier ones (`cn('p-2', 'p-4')` → `p-4`). */
export const cn = (...inputs: ClassValue[]) => twMerge(clsx(inputs))
