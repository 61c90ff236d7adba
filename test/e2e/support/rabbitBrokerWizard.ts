import { host, rabbitmq } from '../../services/ports';
import type { Workbench } from '../../support/workbench';

/** Adds the rig's RabbitMQ, in `vhost`, as the broker `name` through the Add RabbitMQ Broker wizard, as a person does. */
export async function addRabbitBroker(ui: Workbench, vhost: string, name: string): Promise<void> {
  await ui.runCommand('Event Flows: Add RabbitMQ Broker…', { opensQuickInput: true });
  await ui.answerQuickInput('AMQP URL', `amqp://${host}:${rabbitmq.port}/${vhost}`);
  await ui.answerQuickInput('Management API URL', rabbitmq.managementUrl);
  await ui.answerQuickInput('User', rabbitmq.username);
  await ui.answerQuickInput('Password for', rabbitmq.password);
  await ui.pickQuickItem('Not production');
  await ui.answerQuickInput('A name for this broker', name);
}
