// Reading submitted forms: every field as a string ('' when absent), whatever the browser sent.
import type { Context } from 'hono';

export async function formFields(c: Context): Promise<(name: string) => string> {
  const body = await c.req.parseBody();
  return (name) => {
    const v = body[name];
    return typeof v === 'string' ? v : '';
  };
}

/** Whether a request came from our JavaScript (fetch) rather than a plain form post. */
export function wantsJson(c: Context): boolean {
  return (c.req.header('accept') ?? '').includes('application/json');
}
