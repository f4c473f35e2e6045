import { useCallback, useEffect, useState } from 'react'

/** A tiny history router: the console has a handful of pages and needs no library for them. */
export function navigate(path: string): void {
  window.history.pushState(null, '', path)
  window.dispatchEvent(new PopStateEvent('popstate'))
}

export function usePath(): string {
  const [path, setPath] = useState(window.location.pathname)
  useEffect(() => {
    const update = () => setPath(window.location.pathname)
    window.addEventListener('popstate', update)
    return () => window.removeEventListener('popstate', update)
  }, [])
  return path
}

const paramOf = (name: string) => new URLSearchParams(window.location.search).get(name) ?? ''

/**
 * One parameter of the URL's query string as state (`/flags?tag=payments`): a page's filters kept
 * there survive a reload, the way back from a flag, and the remount an environment switch causes.
 * Changing it replaces the history entry, so typing a search does not fill the back button.
 */
export function useQueryParam(name: string): [string, (value: string) => void] {
  const [value, setValue] = useState(() => paramOf(name))
  useEffect(() => {
    const update = () => setValue(paramOf(name))
    window.addEventListener('popstate', update)
    return () => window.removeEventListener('popstate', update)
  }, [name])
  const set = useCallback(
    (next: string) => {
      const params = new URLSearchParams(window.location.search)
      if (next) params.set(name, next)
      else params.delete(name)
      const query = params.toString()
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`)
      window.dispatchEvent(new PopStateEvent('popstate'))
    },
    [name],
  )
  return [value, set]
}
