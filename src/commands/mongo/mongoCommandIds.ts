import type { CommandId } from '../../ui/commandIds';

/** The MongoDB kind's own commands; `package.json` contributes them too. */
export const MONGO_COMMANDS = {
  addMongoConnection: 'eventFlows.addMongoConnection',
  editMongoConnection: 'eventFlows.editMongoConnection',
  removeMongoConnection: 'eventFlows.removeMongoConnection',
  createIndexes: 'eventFlows.createIndexes',
} as const satisfies Record<string, CommandId>;
