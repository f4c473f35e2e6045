/**
 * REGEX constraints are written for RE2, the engine Unleash's clients use (Go's regexp
 * syntax), and run here on JavaScript's RegExp, so each pattern is translated once, when its
 * flag is compiled:
 *
 * * RE2 has no lookaround and no backreferences (that is what keeps it linear-time), so a
 *   pattern with `(?=`, `(?!`, `(?<=`, `(?<!`, `\1`..`\9`, `\k` or `(?P=` does not compile.
 * * POSIX classes inside brackets (`[[:alpha:]]`) become their ASCII ranges.
 * * Inline flags `(?i)`, `(?m)`, `(?s)` become RegExp flags when nothing but `^` (and not for
 *   `m`) comes before them; elsewhere, and in `(?flags:...)` groups, they do not compile,
 *   since the RegExp of Node 20 has no modifiers.
 * * `(?P<name>` is `(?<name>`; `\A` and `\z` are the text's start and end; `\pL` is `\p{L}`;
 *   `\x{...}` is `\u{...}`; `\Q...\E` is literal text; `\` before punctuation is the
 *   punctuation itself, as in RE2.
 * * A group that holds an unbounded quantifier and is itself repeated without bound (`(a+)+`)
 *   does not compile either: RE2 runs it in linear time, a backtracking RegExp can take
 *   exponential time on a near miss, and one such pattern would stall every evaluation.
 *
 * Patterns run in Unicode mode, so `.` and classes match whole characters as in RE2.
 */

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7f',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
}

/** Characters a Unicode-mode RegExp lets `\` escape outside a class. */
const SYNTAX = new Set('^$\\.*+?()[]{}|/')

/** A pattern that compiles as JavaScript but is refused: RE2 does not allow it, or it would backtrack. */
class Unsupported extends Error {}

const NOT_RE2 = (what: string) => new Unsupported(`RE2 syntax does not allow ${what}`)

function escapeLiteral(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')
}

/** The RegExp source and flags for an RE2 pattern; throws Unsupported or SyntaxError. */
function translate(pattern: string): { source: string; flags: string } {
  let out = ''
  let flags = ''
  /** Whether only `^` has been written at the top level so far: inline flags may still become global. */
  let onlyAnchors = true
  let depth = 0
  /**
   * Per open group, whether it holds an unbounded quantifier; and whether the group that just
   * closed did. RE2 runs `(a+)+` in linear time, a backtracking RegExp in exponential time on a
   * near miss, so a quantified group that holds an unbounded quantifier is refused: one such
   * pattern would stall every evaluation of its flag.
   */
  const unbounded: boolean[] = []
  let closedUnbounded = false
  const open = () => {
    depth++
    unbounded.push(false)
  }
  const quantified = (isUnbounded: boolean) => {
    if (isUnbounded && closedUnbounded) throw new Unsupported('nested unbounded quantifiers such as (a+)+, which take exponential time outside RE2')
    if (isUnbounded && unbounded.length > 0) unbounded[unbounded.length - 1] = true
  }
  let inClass = false
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!
    if (c === '\\') {
      const next = pattern[i + 1]
      if (next === undefined) throw new SyntaxError('trailing backslash')
      i++
      if (next === 'Q') {
        const end = pattern.indexOf('\\E', i + 1)
        const literal = pattern.slice(i + 1, end < 0 ? pattern.length : end)
        out += inClass ? literal.replace(/[\\\]^-]/g, '\\$&') : escapeLiteral(literal)
        i = end < 0 ? pattern.length : end + 1
      } else if (/[1-9]/.test(next) || next === 'k') {
        throw NOT_RE2('backreferences')
      } else if (next === 'A' && !inClass) {
        out += '(?<![\\s\\S])'
      } else if (next === 'z' && !inClass) {
        out += '(?![\\s\\S])'
      } else if ((next === 'p' || next === 'P') && pattern[i + 1] !== '{') {
        out += `\\${next}{${pattern[i + 1] ?? ''}}`
        i++
      } else if (next === 'x' && pattern[i + 1] === '{') {
        out += '\\u'
      } else if (/[!-/:-@[-`{-~]/.test(next) && !SYNTAX.has(next) && !(inClass && next === '-')) {
        out += next
      } else {
        out += `\\${next}`
      }
      if (!inClass) closedUnbounded = false
      if (!inClass && depth === 0) onlyAnchors = false
      continue
    }
    if (inClass) {
      if (c === '[' && pattern[i + 1] === ':') {
        const end = pattern.indexOf(':]', i + 2)
        const name = end < 0 ? undefined : pattern.slice(i + 2, end)
        const ranges = name === undefined ? undefined : POSIX_CLASSES[name]
        if (ranges === undefined) throw NOT_RE2(`POSIX class ${pattern.slice(i, end + 2)}`)
        out += ranges
        i = end + 1
        continue
      }
      if (c === ']') inClass = false
      out += c
      continue
    }
    if (c === '[') {
      inClass = true
      closedUnbounded = false
      out += c
      // A `]` right after `[` or `[^` is a literal in RE2.
      if (pattern[i + 1] === '^') {
        out += '^'
        i++
      }
      if (pattern[i + 1] === ']') {
        out += '\\]'
        i++
      }
      if (depth === 0) onlyAnchors = false
      continue
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i + 2)
      if (/^(=|!|<=|<!|P=)/.test(rest)) throw NOT_RE2('lookaround and backreferences')
      const named = /^P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest)
      if (named) {
        out += `(?<${named[1]}>`
        i += 1 + named[0].length
        open()
        closedUnbounded = false
        onlyAnchors = false
        continue
      }
      const inline = /^([imsU]*)\)/.exec(rest)
      if (inline) {
        const wanted = inline[1]!
        if (depth > 0 || !onlyAnchors || wanted.includes('U') || (wanted.includes('m') && out !== '')) {
          throw new Unsupported('inline flags are taken only at the start of the pattern')
        }
        for (const f of wanted) if (!flags.includes(f)) flags += f
        i += 1 + inline[0].length
        continue
      }
      if (rest.startsWith(':')) {
        out += '(?:'
        i += 2
        open()
        closedUnbounded = false
        onlyAnchors = false
        continue
      }
      throw NOT_RE2(`group (?${rest.slice(0, 3)}`)
    }
    if (c === '{') {
      // A repeat; any other brace is a literal in RE2, and a syntax error in a Unicode RegExp.
      const repeat = /^\{\d+(,\d*)?\}/.exec(pattern.slice(i))
      out += repeat ? repeat[0] : '\\{'
      if (repeat) {
        quantified(repeat[1] === ',')
        i += repeat[0].length - 1
      }
      closedUnbounded = false
      onlyAnchors = false
      continue
    }
    if (c === '}' || c === ']') {
      out += `\\${c}`
      onlyAnchors = false
      continue
    }
    if (c === '*' || c === '+') quantified(true)
    if (c === '(') {
      open()
      closedUnbounded = false
    } else if (c === ')') {
      depth--
      closedUnbounded = unbounded.pop() === true
      if (closedUnbounded && unbounded.length > 0) unbounded[unbounded.length - 1] = true
    } else if (c !== '?') {
      // `?` after a group bounds it (or makes a quantifier lazy): a later `+` still sees the group.
      closedUnbounded = false
    }
    if (!(c === '^' && depth === 0)) onlyAnchors = false
    out += c
  }
  return { source: out, flags }
}

/**
 * The RegExp for an RE2 pattern, or undefined when it does not compile (or uses what RE2
 * refuses). `caseInsensitive` adds the `i` flag.
 */
export function compileRegex(pattern: unknown, caseInsensitive: boolean): RegExp | undefined {
  if (typeof pattern !== 'string') return undefined
  try {
    const { source, flags } = translate(pattern)
    const all = new Set(`${flags}${caseInsensitive ? 'i' : ''}u`)
    return new RegExp(source, [...all].join(''))
  } catch {
    return undefined
  }
}

/** Why a pattern does not compile, for validation messages; undefined when it does. */
export function regexProblem(pattern: string): string | undefined {
  try {
    const { source, flags } = translate(pattern)
    new RegExp(source, `${flags}u`)
    return undefined
  } catch (error) {
    if (error instanceof Unsupported) return error.message
    return (error as Error).message
  }
}
