import { ndjsonFileKind, OpenedNdjsonFiles } from '../../connections/ndjson/ndjsonKind';
import { ndjsonTree, ndjsonTreeItems } from '../../explorer/ndjson/ndjsonTree';
import { featuresModule } from '../../featuresLoader';
import type { CommandId } from '../../ui/commandIds';
import type { KindModuleFactory } from '../kindModule';

export const NDJSON_COMMANDS = {
  openNdjsonFile: 'eventFlows.openNdjsonFile',
  closeNdjsonFile: 'eventFlows.closeNdjsonFile',
} as const satisfies Record<string, CommandId>;

/** Any NDJSON file of events, opened where it is, read-only, beside the workspace's own store. */
export const ndjsonKindModule: KindModuleFactory = ({ extension }) => {
  const opened = new OpenedNdjsonFiles(extension.workspaceState);
  return {
    connections: ndjsonFileKind(opened),
    tree: ndjsonTree,
    items: ndjsonTreeItems,
    add: { label: 'NDJSON File of Events', detail: 'any .ndjson file, opened where it is, read-only', command: NDJSON_COMMANDS.openNdjsonFile },
    // The commands load with the features, on first use (src/features.ts).
    register: (services) => featuresModule().kindCommands.ndjson(services, opened),
  };
};
