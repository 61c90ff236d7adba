import { MongoProfileStore } from '../../connections/mongo/mongoProfileStore';
import { mongoConnectionKind } from '../../connections/mongo/mongoKind';
import { mongoTree, mongoTreeItems } from '../../explorer/mongo/mongoTree';
import type { KindModuleFactory } from '../kindModule';
import { featuresModule } from '../../featuresLoader';
import { MONGO_COMMANDS } from './mongoCommandIds';

/** Saved MongoDB event stores: profiles in settings, passwords in secret storage, the store tree, their commands. */
export const mongoKindModule: KindModuleFactory = ({ extension, log, identityFor }) => {
  const profiles = new MongoProfileStore(extension.secrets, log);
  return {
    connections: mongoConnectionKind(profiles, identityFor),
    tree: mongoTree,
    items: mongoTreeItems,
    add: { label: 'MongoDB Event Store', detail: 'events in a MongoDB collection, replayed per aggregate', command: MONGO_COMMANDS.addMongoConnection },
    // The commands load with the features, on first use (src/features.ts).
    register: (services) => featuresModule().kindCommands.mongo(services, profiles),
  };
};
