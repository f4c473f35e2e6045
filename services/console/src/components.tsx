import { useEffect, useRef, useState, type ReactNode } from 'react'

/**
 * A modal confirmation on the native <dialog>: focus moves into it, Escape cancels, and the
 * page behind is inert, without a library. `reason` adds a required text field.
 */
export function Confirm(props: {
  title: string
  children?: ReactNode
  confirmLabel: string
  reason?: boolean
  onConfirm: (reason: string) => void
  onCancel: () => void
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const [reason, setReason] = useState('')
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
  }, [])
  return (
    <dialog ref={ref} aria-labelledby="confirm-title" onCancel={props.onCancel}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault()
          if (props.reason && !reason.trim()) return
          props.onConfirm(reason.trim())
        }}
      >
        <h2 id="confirm-title">{props.title}</h2>
        {props.children}
        {props.reason ? (
          <>
            <label htmlFor="confirm-reason">Reason (required)</label>
            <input id="confirm-reason" required value={reason} onChange={(e) => setReason(e.target.value)} />
          </>
        ) : null}
        <div className="actions">
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary">
            {props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  )
}

export function ErrorText({ error }: { error: unknown }) {
  if (!error) return null
  return (
    <p role="alert" className="error">
      {error instanceof Error ? error.message : String(error)}
    </p>
  )
}

/** Pretty JSON of two values side by side, lines that differ marked. */
export function Diff({ before, after }: { before: unknown; after: unknown }) {
  const a = JSON.stringify(before ?? null, null, 2).split('\n')
  const b = JSON.stringify(after ?? null, null, 2).split('\n')
  const rows = Math.max(a.length, b.length)
  const lines = []
  for (let i = 0; i < rows; i++) {
    const changed = a[i] !== b[i]
    lines.push(
      <tr key={i} className={changed ? 'changed' : undefined}>
        <td>{a[i] ?? ''}</td>
        <td>{b[i] ?? ''}</td>
      </tr>,
    )
  }
  return (
    <table className="diff">
      <thead>
        <tr>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>{lines}</tbody>
    </table>
  )
}

export function TableHead({ columns }: { columns: string[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th key={c} scope="col">
            {c}
          </th>
        ))}
      </tr>
    </thead>
  )
}
