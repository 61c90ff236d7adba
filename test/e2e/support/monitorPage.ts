/** The flow monitor as a person sees it in the workbench: its charts, the alerts it shows, a chart's menu. */
import type { FrameLocator, Locator } from 'playwright-core';
import type { Workbench } from '../../support/workbench';

export class MonitorPage {
  constructor(private readonly workbench: Workbench) {}

  private get frame(): FrameLocator {
    return this.workbench.webviewFrame();
  }

  /** The chart of one figure (`depth`, `rate`, `lag`…) of the target whose title has `title`. */
  chart(kind: string, title: string): Locator {
    return this.frame.locator(`.monitor-chart[data-chart-kind="${kind}"]`, { has: this.frame.locator('.chart-title', { hasText: title }) });
  }

  /** "Alerts: DLQ +2" while any alert holds. */
  alerts(): Locator {
    return this.frame.locator('#monitor-alerts');
  }

  /** Right-click on a chart: "Alert when…". */
  async alertWhen(chart: Locator): Promise<void> {
    await chart.locator('.chart-plot').click({ button: 'right' });
  }
}
