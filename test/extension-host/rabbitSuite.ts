// The set-up the RabbitMQ extension-host suites share: a vhost of the suite's own on the rig's RabbitMQ, saved
// as a broker through the command, both removed afterwards.
import * as assert from 'node:assert/strict';
import type * as amqp from 'amqplib';
import * as vscode from 'vscode';
import type { RabbitQueueNode } from '../../src/explorer/rabbitmq/rabbitNodes';
import type { PeekToWebview } from '../../src/protocol/rabbitmq/peek';
import { host, rabbitmq } from '../services/ports';
import { deleteTestVhost, openTestVhost } from '../support/rabbitVhost';

export interface RabbitBrokerFixture {
  /** The test's own AMQP connection into the vhost, for seeding and checking beside the extension. */
  connection(): amqp.ChannelModel;
  /** The id the saved broker got. */
  connectionId(): string;
}

/**
 * Registers the before and after hooks in the calling `describe`: before, makes `vhost` (skipping, or failing
 * on the rig, without the rig's RabbitMQ), lets `seed` fill it, and saves it as the broker `label`; after,
 * forgets that broker (only it) and deletes the vhost.
 */
export function useRabbitBroker(purpose: string, vhost: string, label: string, seed?: (connection: amqp.ChannelModel) => Promise<void>): RabbitBrokerFixture {
  let raw: amqp.ChannelModel | undefined;
  let connectionId = '';

  before(async function () {
    raw = await openTestVhost(this, purpose, vhost);
    await seed?.(raw);
    const id = await vscode.commands.executeCommand<string>('eventFlows.addRabbitConnection', { name: label, amqpUrl: `amqp://${host}:${rabbitmq.port}/${vhost}`, managementUrl: rabbitmq.managementUrl, username: rabbitmq.username, password: rabbitmq.password });
    assert.ok(id, 'the broker was not saved');
    connectionId = id;
  });

  after(async () => {
    await raw?.close().catch(() => undefined);
    const brokers = vscode.workspace.getConfiguration('eventFlows').get<{ name?: string }[]>('rabbitmq.brokers') ?? [];
    await vscode.workspace.getConfiguration('eventFlows').update('rabbitmq.brokers', brokers.filter((b) => b.name !== label), vscode.ConfigurationTarget.Global);
    await deleteTestVhost(vhost);
  });

  return {
    connection: () => {
      if (!raw) throw new Error('no AMQP connection');
      return raw;
    },
    connectionId: () => connectionId,
  };
}

/** The panel the peek command returns; what it posts to its page is caught instead of sent. */
export interface PeekPanel {
  panel: vscode.WebviewPanel;
  handleMessage(raw: unknown): Promise<void>;
  dispose(): void;
}

/** Opens the peek view of a queue's node and catches what the panel posts to its page (errors included) in `posted`. */
export async function openPeekPanel(node: RabbitQueueNode): Promise<{ peek: PeekPanel; posted: PeekToWebview[] }> {
  const peek = await vscode.commands.executeCommand<PeekPanel>('eventFlows.rabbitmq.openPeekView', node);
  assert.ok(peek, 'no peek panel');
  const posted: PeekToWebview[] = [];
  peek.panel.webview.postMessage = (message: PeekToWebview) => {
    posted.push(message);
    return Promise.resolve(true);
  };
  return { peek, posted };
}
