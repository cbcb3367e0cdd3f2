import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** ../shared/data beside the checkout (CI has it there too). */
export const SHARED_DATA = process.env.SHARED_DATA_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/data')
