import { describe, expect, it } from 'vitest'
import { compareWithSemver, isSemver, parseSemver } from './semver.js'

describe('semantic versions', () => {
  it('orders by SemVer 2.0.0 precedence, prereleases included (the example of its §11)', () => {
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '2.0.0', '2.1.0', '2.1.1', '10.0.0']
    ordered.forEach((a, i) => {
      ordered.forEach((b, j) => {
        expect(compareWithSemver(a, parseSemver(b)!), `${a} vs ${b}`).toBe(Math.sign(i - j))
      })
    })
  })

  it('ignores build metadata and surrounding whitespace, and takes a leading v', () => {
    expect(compareWithSemver('1.2.3+build.9', parseSemver('1.2.3')!)).toBe(0)
    expect(compareWithSemver(' 1.2.3 ', parseSemver('v1.2.3')!)).toBe(0)
    expect(parseSemver('1.2.3-rc.1+exp.sha.5114f85')).toEqual({ major: 1, minor: 2, patch: 3, prerelease: ['rc', 1] })
  })

  it('refuses what is not a version', () => {
    for (const s of ['1.2', '1.2.3.4', '01.2.3', '1.02.3', '1.2.3-', '1.2.3-01', '1.2.3-a..b', '1.2.3+', '1.2.3+a_b', 'v', '', 'x.y.z', '1.2.3 4', `1.2.${'9'.repeat(20)}`, `1.2.3-${'a'.repeat(300)}`]) {
      expect(isSemver(s), s).toBe(false)
      expect(parseSemver(s), s).toBeUndefined()
      expect(compareWithSemver(s, parseSemver('1.0.0')!), s).toBeNaN()
    }
    expect(isSemver('1.2.3-0a.-x')).toBe(true)
    expect(isSemver('1.2.3+001')).toBe(true)
  })
})
