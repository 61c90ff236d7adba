/**
 * What the "pick a name or type one" quick pick lists, without the editor: the offered names first (a
 * server's databases, a collection list), the current or default answer as one choice among them (added
 * at the end when the list lacks it) and active, and "Use <typed>" on top while a typed name is not listed.
 * The filter starts empty: a default typed into it would hide every other name.
 */
export interface NameChoice {
  label: string;
  description?: string;
  name: string;
  /** Shown whatever the filter (the "Use <typed>" row). */
  alwaysShow?: boolean;
}

export interface PickOrTypeList {
  items: NameChoice[];
  /** The item to make active before anything is typed: the current answer. */
  active?: NameChoice;
}

export function pickOrTypeList(choices: readonly string[], typed: string, current?: string, describe?: (choice: string) => string | undefined): PickOrTypeList {
  const listed: NameChoice[] = choices.map((name) => withDescription({ label: name, name }, describe?.(name), name === current));
  if (current && !choices.includes(current)) listed.push({ label: current, name: current, description: 'default, not on the list' });
  const name = typed.trim();
  const use: NameChoice[] = name && !listed.some((item) => item.name === name) ? [{ label: `$(edit) Use "${name}"`, name, alwaysShow: true }] : [];
  const items = [...use, ...listed];
  // While the user types, the editor's filter decides what is active.
  return { items, active: name ? undefined : listed.find((item) => item.name === current) };
}

function withDescription(item: NameChoice, description: string | undefined, isCurrent: boolean): NameChoice {
  const parts = [description, isCurrent ? 'current' : undefined].filter((part) => part !== undefined);
  return parts.length > 0 ? { ...item, description: parts.join(' · ') } : item;
}
