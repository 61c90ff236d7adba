import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { rabbitOptionsOf, readRabbitProfiles } from '../../connections/rabbitmq/rabbitProfile';
import { readTlsFiles, type RabbitProfileStore } from '../../connections/rabbitmq/rabbitProfileStore';
import { RabbitBroker } from '../../connectors/rabbitmq/rabbitBroker';
import type { TreeNode } from '../../explorer/treeNode';
import { CancelledError, withProgress } from '../../ui/progress';
import { registerCommand } from '../../ui/registerCommand';
import { editorPrompts } from '../../ui/wizardPrompts';
import type { CommandServices } from '../services';
import { RABBIT_COMMANDS } from './rabbitCommandIds';
import { pickRabbit } from './rabbitTargets';
import { describeHalves, runRabbitWizard, type RabbitDraft, type RabbitWizardServices } from './rabbitWizard';

/**
 * Add / edit / remove a RabbitMQ broker. Add also accepts a profile object (with `password`) instead of
 * the wizard, for scripts and tests; it is tested the same way before it is saved.
 */
export function registerRabbitConnectionCommands(services: CommandServices, profiles: RabbitProfileStore): vscode.Disposable[] {
  const { log } = services;
  const wizard = rabbitWizardServices(profiles);
  return [
    registerCommand(log, RABBIT_COMMANDS.addRabbitConnection, 'add the RabbitMQ broker', async (given?: unknown) => {
      const draft = given === undefined ? await runRabbitWizard(wizard, editorPrompts) : await draftFromArgument(wizard, given);
      await profiles.save(draft.profile, draft.secrets);
      log.info(`Saved RabbitMQ broker ${draft.profile.name} (${draft.profile.id})`);
      void vscode.window.showInformationMessage(`Saved "${draft.profile.name}"${draft.profile.production ? ' (production: every write asks first)' : ''}.`);
      return draft.profile.id;
    }),
    registerCommand(log, RABBIT_COMMANDS.editRabbitConnection, 'edit the RabbitMQ broker', async (node?: TreeNode) => {
      const connection = await pickRabbit(services, node);
      const draft = await runRabbitWizard(wizard, editorPrompts, connection.profile);
      await profiles.save(draft.profile, draft.secrets);
      log.info(`Updated RabbitMQ broker ${draft.profile.name}`);
    }),
    registerCommand(log, RABBIT_COMMANDS.removeRabbitConnection, 'remove the RabbitMQ broker', async (node?: TreeNode) => {
      const connection = await pickRabbit(services, node);
      const confirmed = await vscode.window.showWarningMessage(
        `Remove the broker "${connection.label}"? Its saved password and key are deleted too; the broker is not touched.`,
        { modal: true },
        'Remove',
      );
      if (confirmed !== 'Remove') throw new CancelledError();
      await connection.close();
      await profiles.remove(connection.profile.id);
      log.info(`Removed RabbitMQ broker ${connection.label}`);
    }),
  ];
}

/** What the wizard asks of the broker: a throw-away connection with the draft as it stands. */
export function rabbitWizardServices(profiles: Pick<RabbitProfileStore, 'secrets'>, progress: RabbitWizardServices['progress'] = withProgress): RabbitWizardServices {
  return {
    progress,
    readFile: (file) => fs.readFile(file, 'utf8'),
    async test(draft, signal) {
      const stored = await profiles.secrets(draft.profile.id);
      const secrets = { ...stored };
      for (const [name, value] of Object.entries(draft.secrets)) {
        const key = name as keyof typeof secrets;
        if (value === null) delete secrets[key];
        else if (value !== undefined) secrets[key] = value;
      }
      const broker = new RabbitBroker(rabbitOptionsOf(draft.profile, secrets, await readTlsFiles(draft.profile)));
      try {
        return await broker.checkHalves(signal);
      } finally {
        await broker.close();
      }
    },
  };
}

async function draftFromArgument(wizard: RabbitWizardServices, given: unknown): Promise<RabbitDraft> {
  const record = typeof given === 'object' && given !== null ? { ...(given as Record<string, unknown>) } : {};
  const skipTest = record.skipTest === true;
  delete record.skipTest;
  const { profiles, problems, withSecrets } = readRabbitProfiles([{ id: `rabbitmq-${Date.now().toString(36)}`, ...record }]);
  if (problems.length > 0 || profiles.length === 0) throw new Error(problems[0] ?? 'the broker is not valid.');
  const secrets = withSecrets[0]?.secrets ?? {};
  const draft: RabbitDraft = { profile: profiles[0], secrets: { password: secrets.password ?? null, tlsKey: secrets.tlsKey ?? null, tlsPassphrase: secrets.tlsPassphrase ?? null } };
  if (!skipTest) {
    const result = await wizard.progress(`Testing ${draft.profile.name}…`, (signal) => wizard.test(draft, signal));
    if (!result.amqp.ok || !result.management.ok) throw new Error(`not saved: ${describeHalves(result)}`);
  }
  return draft;
}
