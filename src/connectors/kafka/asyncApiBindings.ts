/** A Kafka topic in AsyncAPI: the `kafka` channel binding (0.5.0) with its name and partitions. */
import { registerAsyncApiBindings } from '../../core/asyncapi/channelBindings';


registerAsyncApiBindings({
  connectionKind: 'kafka',
  bindings: (channel) =>
    channel.kind === 'topic' ? { kafka: { topic: channel.name, ...(channel.figures.partitions !== undefined ? { partitions: channel.figures.partitions } : {}), bindingVersion: '0.5.0' } } : undefined,
});
