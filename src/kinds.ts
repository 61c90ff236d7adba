import type { KindModuleFactory } from './commands/kindModule';
import { localKindModule } from './commands/local';
import { mongoKindModule } from './commands/mongo';
import { ndjsonKindModule } from './commands/ndjson';
import { kafkaKindModule } from './commands/kafka';
import { rabbitKindModule } from './commands/rabbitmq';

/** Every kind of connection, in the order the tree shows their roots. A new kind is one more line here. */
export const KIND_MODULES: readonly KindModuleFactory[] = [localKindModule, ndjsonKindModule, mongoKindModule, kafkaKindModule, rabbitKindModule];
