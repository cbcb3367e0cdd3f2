import { z } from 'zod'
import { ERROR_STATUS } from '../errors'
import { OPERATIONS, type Operation } from './operations'

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>
  return rest
}

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string', enum: Object.keys(ERROR_STATUS) }, message: { type: 'string' }, requestId: { type: 'string' }, details: {} },
      required: ['code', 'message', 'requestId'],
    },
  },
}

const SECURITY: Record<Operation['auth'], unknown[]> = {
  public: [],
  user: [{ session: [] }],
  viewer: [{ session: [] }, { apiToken: [] }],
  staff: [{ session: [] }, { apiToken: [] }],
  owner: [{ session: [] }, { apiToken: [] }],
}

function parameters(op: Operation) {
  const out: unknown[] = []
  for (const [where, schema] of [
    ['path', op.params],
    ['query', op.query],
  ] as const) {
    if (!schema) continue
    const js = jsonSchema(schema, 'input') as { properties?: Record<string, Record<string, unknown>>; required?: string[] }
    for (const [name, s] of Object.entries(js.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s, description: s.description })
    }
  }
  return out
}

/** The OpenAPI 3.1 document of the API, built from the routes' own zod schemas. */
export function openApiDocument(origin: string) {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const op of OPERATIONS) {
    const ok = String(op.status ?? 200)
    const responses: Record<string, unknown> = {
      [ok]:
        ok === '204'
          ? { description: 'Done' }
          : { description: 'OK', content: { [op.responseType ?? 'application/json']: { schema: op.response ? jsonSchema(op.response, 'output') : {} } } },
      default: { description: 'Error (see `code`)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    }
    let requestBody: unknown
    if (op.body) requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } }
    else if (op.bodyType === 'text/csv')
      requestBody = {
        required: true,
        content: {
          'text/csv': { schema: { type: 'string' } },
          'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } },
        },
      }
    else if (op.bodyType === 'multipart/form-data')
      requestBody = {
        required: true,
        content: {
          'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } },
          'image/*': { schema: { type: 'string', format: 'binary' } },
        },
      }
    paths[op.path] ??= {}
    paths[op.path][op.method] = {
      tags: [op.tag],
      summary: op.summary,
      description: [
        op.description,
        op.auth === 'public' ? null : op.auth === 'user' ? 'Needs a signed-in user (session cookie).' : `Needs the **${op.auth}** role or higher.`,
      ]
        .filter(Boolean)
        .join('\n\n'),
      operationId: `${op.method}${op.path.replace(/[{}]/g, '').replace(/[^a-zA-Z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ? ch.toUpperCase() : ''))}`,
      security: SECURITY[op.auth],
      parameters: parameters(op),
      ...(requestBody ? { requestBody } : {}),
      responses,
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'linkhub API',
      version: '1.0.0',
      description:
        'Every action of the merchant dashboard, over HTTP. Authenticate with the `lh_session` cookie (from /api/auth/login) or `Authorization: Bearer <API token>` (Settings → API tokens). Money is integer minor units plus an ISO 4217 currency. Errors are `{ error: { code, message, requestId, details? } }`; a resource of another shop answers 404.',
    },
    servers: [{ url: origin }],
    tags: [{ name: 'Auth' }, { name: 'Shop' }, { name: 'Catalog' }],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'lh_session' },
        apiToken: { type: 'http', scheme: 'bearer', description: 'An API token (`lh_…`), scoped to one shop' },
      },
      schemas: { Error: errorSchema },
    },
    paths,
  }
}
