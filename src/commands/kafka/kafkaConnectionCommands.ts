import * as vscode from 'vscode';
import { KafkaBroker } from '../../connectors/kafka';
import { kafkaOptionsOf, readKafkaProfiles } from '../../connections/kafka/kafkaProfile';
import { readKafkaFiles, type KafkaProfileStore } from '../../connections/kafka/kafkaProfileStore';
import type { TreeNode } from '../../explorer/treeNode';
import { CancelledError, withProgress } from '../../ui/progress';
import { registerCommand } from '../../ui/registerCommand';
import { editorPrompts } from '../../ui/wizardPrompts';
import type { CommandServices } from '../services';
import { KAFKA_COMMANDS } from './kafkaCommandIds';
import { pickKafka } from './kafkaPick';
import { checkRegistry } from '../../connectors/kafka/produceSchemas/registrySubjects';
import { runKafkaWizard, type KafkaDraft, type KafkaWizardServices } from './kafkaWizard';

/**
 * Add / edit / remove a Kafka cluster. Add accepts a profile object instead of the wizard (for scripts and
 * tests; `password`, `key`, `passphrase` go to SecretStorage); it is tested before saving unless it says
 * `skipTest: true`.
 */
export function registerKafkaConnectionCommands(services: CommandServices, profiles: KafkaProfileStore): vscode.Disposable[] {
  const { log } = services;
  const wizard = kafkaWizardServices(profiles);
  return [
    registerCommand(log, KAFKA_COMMANDS.addKafkaConnection, 'add the Kafka cluster', async (given?: unknown) => {
      let draft: KafkaDraft;
      if (given === undefined) draft = await runKafkaWizard(wizard, editorPrompts);
      else {
        draft = draftFromArgument(given);
        if (!(given as { skipTest?: unknown }).skipTest) await wizard.progress(`Testing ${draft.profile.name}…`, (signal) => wizard.tryConnection(draft, signal));
      }
      await profiles.save(draft.profile, draft.secrets);
      log.info(`Saved Kafka cluster ${draft.profile.name} (${draft.profile.id})`);
      void vscode.window.showInformationMessage(`Saved the Kafka cluster "${draft.profile.name}" (${draft.profile.bootstrapServers.join(', ')}${draft.profile.production ? ', production' : ''}).`);
      return draft.profile.id;
    }),
    registerCommand(log, KAFKA_COMMANDS.editKafkaConnection, 'edit the Kafka cluster', async (node?: TreeNode) => {
      const connection = await pickKafka(services, node);
      const draft = await runKafkaWizard(wizard, editorPrompts, connection.profile);
      await profiles.save(draft.profile, draft.secrets === undefined ? undefined : { ...(await profiles.secrets(draft.profile.id)), ...draft.secrets });
      log.info(`Updated Kafka cluster ${draft.profile.name}`);
    }),
    registerCommand(log, KAFKA_COMMANDS.removeKafkaConnection, 'remove the Kafka cluster', async (node?: TreeNode) => {
      const connection = await pickKafka(services, node);
      const confirmed = await vscode.window.showWarningMessage(
        `Remove the Kafka cluster "${connection.label}"? Its saved secrets are deleted too; the cluster is not touched.`,
        { modal: true },
        'Remove',
      );
      if (confirmed !== 'Remove') throw new CancelledError();
      await connection.close();
      await profiles.remove(connection.profile.id);
      log.info(`Removed Kafka cluster ${connection.label}`);
    }),
  ];
}

/** The wizard's test: connect with the draft, describe the cluster, close again. */
export function kafkaWizardServices(profiles: Pick<KafkaProfileStore, 'secrets'>): KafkaWizardServices {
  return {
    progress: withProgress,
    async tryConnection(draft, signal) {
      const stored = draft.secrets === undefined ? await profiles.secrets(draft.profile.id) : {};
      const broker = new KafkaBroker(kafkaOptionsOf(draft.profile, { ...stored, ...(draft.secrets ?? {}) }, await readKafkaFiles(draft.profile)));
      try {
        const brokers = await broker.brokers(signal);
        return `${brokers.length} ${brokers.length === 1 ? 'broker' : 'brokers'}`;
      } finally {
        await broker.close();
      }
    },
    async tryRegistry(draft, signal) {
      const registry = draft.profile.schemaRegistry;
      if (!registry) return 'no registry';
      const stored = draft.secrets?.schemaRegistryPassword === undefined ? await profiles.secrets(draft.profile.id) : {};
      const password = draft.secrets?.schemaRegistryPassword ?? stored.schemaRegistryPassword;
      const answer = await checkRegistry({ url: registry.url, ...(registry.username === undefined ? {} : { username: registry.username }), ...(password === undefined ? {} : { password }) }, signal);
      if (!answer.ok) throw new Error(answer.error);
      return `${answer.subjects} ${answer.subjects === 1 ? 'subject' : 'subjects'}`;
    },
  };
}

function draftFromArgument(given: unknown): KafkaDraft {
  const record = typeof given === 'object' && given !== null ? { ...(given as Record<string, unknown>) } : {};
  delete record.skipTest;
  const { profiles, problems, withSecrets } = readKafkaProfiles([{ id: `kafka-${Date.now().toString(36)}`, ...record }]);
  if (problems.length > 0 || profiles.length === 0) throw new Error(problems[0] ?? 'the cluster is not valid.');
  return { profile: profiles[0], secrets: withSecrets[0]?.secrets ?? {} };
}
