import { detectFieldMapping, type FieldMapping } from '../../connectors/mongo/fieldMapping';
import type { WizardPrompts } from '../../ui/wizardPrompts';

type Role = keyof FieldMapping;

const ROLES: { role: Role; label: string; optional: boolean }[] = [
  { role: 'aggregateId', label: 'Aggregate id', optional: false },
  { role: 'eventType', label: 'Event type', optional: false },
  { role: 'data', label: 'Data', optional: false },
  { role: 'version', label: 'Version', optional: false },
  { role: 'timestamp', label: 'Timestamp', optional: false },
  { role: 'eventId', label: 'Event id', optional: true },
  { role: 'aggregateType', label: 'Aggregate type', optional: true },
  { role: 'metadata', label: 'Metadata', optional: true },
];

const NONE = '(none)';

/**
 * Shows which document field holds what, one row per role with the sample's value, and lets each row be
 * changed until the user saves. Starts from what is saved when editing, from what the sample suggests when new.
 */
export async function editFieldMapping(prompts: WizardPrompts, title: string, sample: Record<string, unknown>, existing: FieldMapping | undefined): Promise<FieldMapping> {
  const detected = detectFieldMapping(sample);
  let mapping: FieldMapping = { ...(existing ?? detected.mapping) };
  for (;;) {
    const differs = ROLES.some(({ role }) => detected.mapping[role] !== mapping[role]);
    const choice = await prompts.pick<Role | 'save' | 'detected'>(`${title}: field names, checked against a sample document`, [
      { label: '$(check) Save with these field names', detail: describeMapping(mapping), value: 'save' },
      ...(differs ? [{ label: '$(sparkle) Use the names the sample suggests', detail: [describeMapping(detected.mapping), ...detected.notes].join(' · '), value: 'detected' as const }] : []),
      ...ROLES.map(({ role, label }) => {
        const field = mapping[role];
        return { label, description: field ?? NONE, detail: field === undefined ? 'not used' : `"${field}" in the sample: ${preview(sample[field])}`, value: role };
      }),
    ]);
    if (choice === 'save') return mapping;
    if (choice === 'detected') {
      mapping = { ...detected.mapping };
      continue;
    }
    const { label, optional } = ROLES.find((r) => r.role === choice) ?? { label: choice, optional: true };
    const field = await prompts.pickOrType({
      title: `${title}: ${label}`,
      placeholder: 'A field of the sample document, or type another name',
      choices: [...(optional ? [NONE] : []), ...Object.keys(sample)],
      value: mapping[choice],
      describe: (key) => (key === NONE ? 'leave it out' : preview(sample[key])),
    });
    mapping = { ...mapping, [choice]: field === NONE ? undefined : field };
  }
}

export function describeMapping(mapping: FieldMapping): string {
  return ROLES.filter(({ role }) => mapping[role] !== undefined)
    .map(({ role, label }) => `${label}: ${mapping[role]}`)
    .join(', ');
}

function preview(value: unknown): string {
  if (value === undefined) return 'absent';
  let text: string;
  try {
    // BSON values (ObjectId, Long, Decimal128) have their own toJSON; what cannot be written says its type.
    text = value instanceof Date ? value.toISOString() : (JSON.stringify(value) ?? typeof value);
  } catch {
    text = `(${typeof value})`;
  }
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
