// Pieces of every form: the CSRF field, labelled inputs with their error, a list of problems.
import type { Child } from 'hono/jsx';

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export interface FieldProps {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'url' | 'search';
  value?: string;
  error?: string | undefined;
  autocomplete?: string;
  required?: boolean;
  hint?: Child;
  maxlength?: number;
  minlength?: number;
  pattern?: string;
}

/** A labelled input whose error (if any) is announced with it. */
export function Field(p: FieldProps) {
  const id = `f-${p.name}`;
  return (
    <div class={p.error ? 'field invalid' : 'field'}>
      <label for={id}>{p.label}</label>
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value ?? ''}
        autocomplete={p.autocomplete}
        required={p.required ?? false}
        maxlength={p.maxlength}
        minlength={p.minlength}
        pattern={p.pattern}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={p.error ? `${id}-error` : p.hint ? `${id}-hint` : undefined}
      />
      {p.hint && !p.error ? (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {p.error ? (
        <p class="field-error" id={`${id}-error`}>
          {p.error}
        </p>
      ) : null}
    </div>
  );
}

/** A notice above a form: what went wrong, or what happened. */
export function Notice({ kind, children }: { kind: 'error' | 'ok' | 'info'; children: Child }) {
  return (
    <div class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
