import * as vscode from 'vscode';
import type { KafkaSchemaSource } from '../../connections/kafka/kafkaKind';
import { readKafkaSchemaSetting, readWorkspaceSchemas } from '../../connections/kafka/schemaSetting';

/**
 * `eventFlows.kafka.schemas` for the Kafka connections: the entries from settings (a malformed one named
 * where settings problems are shown, the others kept), their files read from
 * the first workspace folder when a cluster connects. A file that cannot be read or compiled is named in
 * a warning with the action that fixes it; the cluster still connects, reading those values without it.
 */
export function kafkaSchemaSource(log: vscode.LogOutputChannel): KafkaSchemaSource {
  return {
    entries: (report) => {
      const { entries, problems } = readKafkaSchemaSetting(vscode.workspace.getConfiguration('eventFlows').get('kafka.schemas'));
      problems.forEach(report);
      return entries;
    },
    read: async (entries) => {
      const { schemas, problems } = await readWorkspaceSchemas(entries, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
      for (const problem of problems) {
        log.warn(problem);
        void vscode.window.showWarningMessage(problem, 'Open Settings').then((choice) =>
          choice ? vscode.commands.executeCommand('workbench.action.openSettings', 'eventFlows.kafka.schemas') : undefined,
        );
      }
      return schemas;
    },
  };
}
