/**
 * Examples in openapi.json are what client authors copy, so each one must be valid against
 * its own schema (with objects closed: a misspelt field in an example is a bug too), and
 * every parameter, request body and response body must have one.
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

const hasExample = (node: Json | undefined) => node !== undefined && ('example' in node || 'examples' in node)

/** The component a `$ref` names, or the schema itself. */
function named(schema: Json | undefined): Json | undefined {
  const ref = schema?.$ref as string | undefined
  return ref ? document.components.schemas[ref.split('/').at(-1)!] : schema
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

  it('include one for every response body, on the media type or on the schema it names', () => {
    const without: string[] = []
    for (const [path, item] of Object.entries<Json>(document.paths)) {
      for (const [method, operation] of Object.entries<Json>(item)) {
        for (const [status, response] of Object.entries<Json>(operation.responses)) {
          for (const [mediaType, media] of Object.entries<Json>(response.content ?? {})) {
            if (!hasExample(media) && !hasExample(named(media.schema)) && !hasExample(named(media.schema?.items))) {
              without.push(`${method.toUpperCase()} ${path} ${status} ${mediaType}`)
            }
          }
        }
      }
    }
    expect(without).toEqual([])
  })

  it('include one for every parameter, unless its default or its values say it all', () => {
    const without: string[] = []
    for (const [path, item] of Object.entries<Json>(document.paths)) {
      for (const [method, operation] of Object.entries<Json>(item)) {
        for (const parameter of (operation.parameters ?? []) as Json[]) {
          const schema = parameter.schema ?? {}
          if (hasExample(parameter) || hasExample(schema) || 'default' in schema || 'enum' in schema) continue
          without.push(`${method.toUpperCase()} ${path} ${parameter.in}:${parameter.name}`)
        }
      }
    }
    expect(without).toEqual([])
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
