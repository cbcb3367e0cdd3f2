/** Axis and tooltip styles of the Analytics page's charts, on the theme's tokens (light and dark alike). */
export const AXIS = { fontSize: 12, stroke: 'var(--border)', tick: { fill: 'var(--muted-foreground)' } }
export const TOOLTIP = {
  contentStyle: { background: 'var(--popover)', border: '1px solid var(--border)', borderRadius: 8, color: 'var(--popover-foreground)', fontSize: 13 },
  labelStyle: { color: 'var(--popover-foreground)', fontWeight: 600 },
  itemStyle: { color: 'var(--popover-foreground)' },
  cursor: { fill: 'var(--muted)', stroke: 'var(--border)' },
}
