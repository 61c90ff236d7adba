/**
 * Passwords with every character that changes the meaning of a URL (/ @ : % # ? [ ]) and spaces, put
 * where users put them: inside MongoDB connection strings and AMQP URLs (encoded or not), in the password
 * fields of settings entries (RabbitMQ, Kafka SASL), in a Kafka server address. For each, everything the
 * extension would write to settings or to its log (profiles written back, problems reported, labels,
 * masked strings, error texts) is collected, and every text that still holds the password is named.
 */
import { kafkaProfileForSettings, readKafkaProfiles } from '../../src/connections/kafka/kafkaProfile';
import { profileForSettings, readMongoProfiles } from '../../src/connections/mongo/mongoProfile';
import { rabbitProfileForSettings, readRabbitProfiles } from '../../src/connections/rabbitmq/rabbitProfile';
import { checkKafkaOptions, maskSecrets } from '../../src/connectors/kafka/options';
import { maskConnectionString, parseConnectionString } from '../../src/connectors/mongo/connectionString';
import { maskSecret, maskUrl, secretSpellings } from '../../src/connectors/rabbitmq/options';

const SPECIALS = ['/', '@', ':', '%', '#', '?', '[', ']', ' '];

/** Each password starts with "Sekr" and ends with "t9": a text holding either part leaks it. */
export const PASSWORDS: string[] = [...SPECIALS.map((c) => `Sekr${c}t9`), `Sekr${SPECIALS.join('')}t9`, 'Sekr@host/db?x=1#t9', 'Sekr%2Ft9', 'Sekr:@/t9'];

export interface PasswordOutcome {
  /** Cases tried (one password in one place). */
  tried: number;
  /** "system: case: text" for each text that still holds a part of its password. */
  leaks: string[];
  /** Cases where a string was read and the password read back differs from the one typed. */
  misread: string[];
}

function holds(text: string, password: string): boolean {
  const parts = ['Sekr', 't9', password, encodeURIComponent(password)];
  return parts.some((part) => text.includes(part));
}

export function tryPasswords(): PasswordOutcome {
  const outcome: PasswordOutcome = { tried: 0, leaks: [], misread: [] };
  const check = (where: string, password: string, texts: string[]): void => {
    outcome.tried += 1;
    for (const text of texts) if (holds(text, password)) outcome.leaks.push(`${where} ${JSON.stringify(password)}: ${text}`);
  };
  for (const password of PASSWORDS) {
    for (const [how, written] of [['as typed', password], ['encoded', encodeURIComponent(password)]] as const) {
      // "%2F" typed into a URL means "/" (URL syntax, the driver reads it so too): only its leaks count, not its reading.
      const readable = how === 'encoded' || !/%[0-9a-f]{2}/i.test(password);
      // MongoDB: the string in a settings entry, read, written back; the wizard's check; the label.
      const uri = `mongodb://efx:${written}@db.example:27017/events?authSource=admin`;
      const parsed = parseConnectionString(uri);
      if (readable && parsed.ok && parsed.password !== password) outcome.misread.push(`mongo ${how} ${JSON.stringify(password)} read as ${JSON.stringify(parsed.password)}`);
      const mongo = readMongoProfiles([{ id: 'm', name: 'M', connectionString: uri, database: 'events' }]);
      const savedMongo = mongo.profiles.map((p) => JSON.stringify(profileForSettings(p)));
      check(`mongo ${how}`, password, [...savedMongo, ...mongo.problems, parsed.ok ? parsed.withoutPassword : parsed.error, maskConnectionString(uri), ...mongo.profiles.map((p) => p.connectionString)]);

      // RabbitMQ: the password inside the AMQP URL of a settings entry; the URL masked in labels and errors.
      const amqpUrl = `amqp://efx:${written}@mq.example:5672/orders`;
      const rabbit = readRabbitProfiles([{ id: 'r', name: 'R', amqpUrl, managementUrl: 'http://mq.example:15672', username: 'efx' }]);
      const movedRabbit = rabbit.withSecrets.find((s) => s.id === 'r')?.secrets.password;
      if (readable && movedRabbit !== undefined && movedRabbit !== password) outcome.misread.push(`rabbitmq ${how} ${JSON.stringify(password)} read as ${JSON.stringify(movedRabbit)}`);
      check(`rabbitmq url ${how}`, password, [...rabbit.profiles.map((p) => JSON.stringify(rabbitProfileForSettings(p))), ...rabbit.problems, maskUrl(amqpUrl), maskSecret(`could not connect to ${amqpUrl}`, secretSpellings('efx', password))]);

      // Kafka: a server written as user:password@host:port is refused without echoing the password.
      const server = `efx:${written}@kafka.example:9092`;
      check(`kafka server ${how}`, password, [checkKafkaOptions({ bootstrapServers: [server] }) ?? '']);
    }
    // RabbitMQ and Kafka SASL: the password typed into the settings entry's own field.
    const rabbit = readRabbitProfiles([{ id: 'r', name: 'R', amqpUrl: 'amqp://mq.example/orders', managementUrl: 'http://mq.example:15672', username: 'efx', password }]);
    if (rabbit.withSecrets[0]?.secrets.password !== password) outcome.misread.push(`rabbitmq field ${JSON.stringify(password)}`);
    check('rabbitmq field', password, [...rabbit.profiles.map((p) => JSON.stringify(rabbitProfileForSettings(p))), ...rabbit.problems]);
    const kafka = readKafkaProfiles([{ id: 'k', name: 'K', bootstrapServers: ['kafka.example:9092'], sasl: { mechanism: 'scram-sha-256', username: 'efx', password } }]);
    if (kafka.withSecrets[0]?.secrets.saslPassword !== password) outcome.misread.push(`kafka sasl ${JSON.stringify(password)}`);
    check('kafka sasl', password, [...kafka.profiles.map((p) => JSON.stringify(kafkaProfileForSettings(p))), ...kafka.problems, maskSecrets(`SASL authentication failed for efx with ${password}`, [password])]);
  }
  return outcome;
}
