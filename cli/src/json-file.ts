import { readFile } from 'node:fs/promises'
import { OptionError } from './args.js'

/** A JSON file a command sends on; a file that cannot be read or parsed is a usage error naming it. */
export async function readJson(file: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw new OptionError(`cannot read ${file}: ${(err as Error).message}`)
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new OptionError(`${file} is not JSON: ${(err as Error).message}`)
  }
}
