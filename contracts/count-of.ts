/** "1 product", "3 products": a count with its noun. `shown` is how the number is written (default: digits). */
export const countOf = (n: number, one: string, many = `${one}s`, shown = String(n)) => `${shown} ${n === 1 ? one : many}`
