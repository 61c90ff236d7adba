/**
 * Statistics written as JSON or CSV to a new untitled document: nothing is saved until the user saves it.
 * CSV cells go through `core/statisticsCsv.ts`, which neutralises a cell that would start a formula.
 */
import * as vscode from 'vscode';
import type { StoreStatistics } from '../../connectors/reads/statistics';
import { statisticsCsv } from '../../core/statisticsCsv';
import type { StatisticsExportFormat } from '../../protocol/statistics';

export async function openStatisticsDocument(statistics: StoreStatistics, format: StatisticsExportFormat): Promise<vscode.TextDocument> {
  const content = format === 'csv' ? statisticsCsv(statistics) : `${JSON.stringify(statistics, null, 2)}\n`;
  // VS Code has no CSV language of its own: plain text, so no extension is needed to open it.
  const document = await vscode.workspace.openTextDocument({ language: format === 'csv' ? 'plaintext' : 'json', content });
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}
