/** How a studio step reaches OpenAI: the shop's own key, else the hub's, else null (offline path). Runtime-free, so scripts can import the writer. */
export type OpenAiAccess = { apiKey: string; baseURL: string; model: string; source: 'shop' | 'hub' } | null
