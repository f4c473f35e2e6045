import { runCli } from '../cli.js'

/** Runs the CLI against a fake service that answers every request with `status` and `body`, recording the requests. */
export async function runAgainst(argv: string[], answer: { status: number; body?: unknown } = { status: 200, body: [] }, env: Record<string, string> = { SLUICE_TOKEN: 'tok' }) {
  let stdout = ''
  let stderr = ''
  const requests: Request[] = []
  const code = await runCli(argv, {
    env,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    fetch: async (request) => {
      requests.push(request)
      return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } })
    },
  })
  return { code, stdout, stderr, requests }
}
