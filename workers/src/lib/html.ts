/** Escapes text for HTML element content and quoted attribute values: the one escaper of the Worker's pages. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
