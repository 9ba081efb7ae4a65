// Text into HTML: every name that reaches innerHTML goes through here.

/** `s` with the characters HTML gives meaning to escaped. */
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "#39" }[c]};`);
