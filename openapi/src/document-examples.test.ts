/**
 * Examples in openapi.json are what client authors copy, so each one must be valid against
 * its own schema (with objects closed: a misspelt field in an example is a bug too), and
 * every request body must have one.
 */
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { DOCUMENT_PATH } from '../scripts/render-schema.js'
import { closeObjects } from './test-support/document-conformance.js'

type Json = Record<string, any>

const document = JSON.parse(readFileSync(DOCUMENT_PATH, 'utf8')) as Json
const components = closeObjects(document.components)
const ajv = new Ajv2020({ strict: false, allErrors: true })
;(addFormats as unknown as (ajv: Ajv2020) => void)(ajv)

interface Example {
  where: string
  schema: Json
  value: unknown
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Every example in the document with the schema it illustrates. */
function examples(node: unknown, where: string, found: Example[] = []): Example[] {
  if (Array.isArray(node)) node.forEach((item, i) => examples(item, `${where}/${i}`, found))
  if (!isObject(node)) return found
  if (isObject(node.schema)) {
    // A media type or a parameter: `example`, or `examples` as a map of { value }.
    if ('example' in node) found.push({ where: `${where}/example`, schema: node.schema, value: node.example })
    if (isObject(node.examples)) {
      for (const [name, example] of Object.entries(node.examples)) found.push({ where: `${where}/examples/${name}`, schema: node.schema, value: (example as Json).value })
    }
  } else if (Array.isArray(node.examples)) {
    node.examples.forEach((value: unknown, i: number) => found.push({ where: `${where}/examples/${i}`, schema: node, value }))
  }
  for (const [key, value] of Object.entries(node)) if (key !== 'examples' && key !== 'example') examples(value, `${where}/${key}`, found)
  return found
}

describe('the examples in openapi.json', () => {
  const all = examples(document, '#')

  it('are valid against their schemas', () => {
    expect(all.length).toBeGreaterThan(40)
    const invalid = all.flatMap(({ where, schema, value }) => {
      const validate = ajv.compile({ ...(closeObjects(schema) as Json), components })
      return validate(value) ? [] : [`${where}: ${ajv.errorsText(validate.errors, { dataVar: 'example' })}`]
    })
    expect(invalid).toEqual([])
  })

  it('include one for every request body', () => {
    const without: string[] = []
    for (const [path, item] of Object.entries<Json>(document.paths)) {
      for (const [method, operation] of Object.entries<Json>(item)) {
        for (const [mediaType, media] of Object.entries<Json>(operation.requestBody?.content ?? {})) {
          if (!('example' in media) && !('examples' in media)) without.push(`${method.toUpperCase()} ${path} ${mediaType}`)
        }
      }
    }
    expect(without).toEqual([])
  })
})
