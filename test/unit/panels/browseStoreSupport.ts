/** Keeps the store's test file free of a second concern: the CSV quoting export uses. */
import { csvField } from '../../../src/core/csv';

export function exportBrowseForTest(): boolean {
  return csvField('a,"b"\nc') === '"a,""b""\nc"' && csvField('plain') === 'plain';
}
