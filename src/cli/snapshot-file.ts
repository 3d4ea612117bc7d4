// The text of a snapshot file: YAML as `kubectl get -o yaml` prints it, or JSON for a .json file.
import { stringify } from 'yaml';
import type { KubectlList } from '../snapshot/export.js';

export function snapshotText(list: KubectlList, file: string): string {
  if (file.endsWith('.json')) return `${JSON.stringify(list, null, 2)}\n`;
  return stringify(list, { lineWidth: 0, aliasDuplicateObjects: false });
}
