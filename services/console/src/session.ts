/**
 * The signed-in token lives in sessionStorage only: it survives a reload of this tab, dies
 * with the tab, and never appears in a URL, a cookie or a log.
 */
const KEY = 'sluice.token'

export function loadToken(): string | null {
  return sessionStorage.getItem(KEY)
}

export function saveToken(token: string): void {
  sessionStorage.setItem(KEY, token)
}

export function clearToken(): void {
  sessionStorage.removeItem(KEY)
}
