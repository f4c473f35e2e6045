/** One flag's answer as OFREP's bulk evaluation gives it (services' client-api/ofrep-answer.ts). */
export interface FlagAnswer {
  key: string
  reason?: string
  /** Present only when the flag handed out one of its variants. */
  variant?: string
  /** A flag without variants: true/false. With a variant: its payload, else its key. Absent: use your default. */
  value?: unknown
  errorCode?: string
  errorDetails?: string
  metadata?: { enabled?: boolean; sluiceReason?: string }
}

export interface Variant {
  key: string
  payload?: unknown
}

/** What the last bulk answer said, by flag key: read synchronously, never throws. */
export class Answers {
  private byKey = new Map<string, FlagAnswer>()

  constructor(readonly list: readonly FlagAnswer[] = []) {
    for (const answer of list) this.byKey.set(answer.key, answer)
  }

  get(key: string): FlagAnswer | undefined {
    return this.byKey.get(key)
  }

  /** On when the service said so; an unknown flag or an error is off, as in every Sluice SDK. */
  isEnabled(key: string): boolean {
    return this.byKey.get(key)?.metadata?.enabled === true
  }

  variant(key: string): Variant | undefined {
    const answer = this.byKey.get(key)
    if (answer?.variant === undefined || answer.metadata?.enabled !== true) return undefined
    // The value is the payload, or the variant's key when it has none.
    return answer.value === answer.variant ? { key: answer.variant } : { key: answer.variant, payload: answer.value }
  }
}
