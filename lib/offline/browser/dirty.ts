/** Forms with input not yet saved: an app update waits until there are none. */
const dirtyForms = new Set<string>();

export function markDirty(form: string, dirty: boolean): void {
  if (dirty) dirtyForms.add(form);
  else dirtyForms.delete(form);
}

export const hasUnsavedInput = () => dirtyForms.size > 0;
