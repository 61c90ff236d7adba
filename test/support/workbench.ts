/**
 * Page objects for the VS Code workbench as code-server serves it. Selectors follow the workbench's own
 * ARIA roles and labels where it has them, so they survive theme and layout changes.
 */
import type { Browser, Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { uiTimeoutMs, waitForAttribute } from './waits';

/** The workbench loads ~10 MB of script and starts the extension host: slower than a UI step. */
const workbenchTimeoutMs = Number(process.env.EFX_WORKBENCH_TIMEOUT_MS ?? 90_000);

export class Workbench {
  private constructor(readonly page: Page) {}

  static async open(browser: Browser, url: string): Promise<Workbench> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const workbench = new Workbench(page);
    await workbench.goto(url);
    return workbench;
  }

  /** For callers that must prepare the page first (exposeFunction before the workbench loads). */
  static async openPage(page: Page, url: string): Promise<Workbench> {
    const workbench = new Workbench(page);
    await workbench.goto(url);
    return workbench;
  }

  private async goto(url: string): Promise<void> {
    await this.page.goto(url, { timeout: workbenchTimeoutMs });
    await this.page.locator('.monaco-workbench').waitFor({ timeout: workbenchTimeoutMs });
  }

  /** Shows a view container of the activity bar (clicking an already active one would hide the side bar). */
  async openView(title: string): Promise<void> {
    const iconSelector = `a.action-label[aria-label^="${cssString(title)}"]`;
    const icon = this.page.locator(`.activitybar ${iconSelector}`);
    await icon.waitFor({ timeout: workbenchTimeoutMs });
    const tab = this.page.locator('.activitybar li.action-item[role="tab"]', { has: this.page.locator(iconSelector) });
    if ((await tab.getAttribute('aria-selected')) !== 'true') {
      await icon.click();
    }
    await waitForAttribute(tab, 'aria-selected', 'true', `the "${title}" view container`);
    await this.page.locator('.part.sidebar .title-label h2', { hasText: title }).waitFor({ timeout: uiTimeoutMs });
  }

  /**
   * Runs a command by its palette title (`Category: Title`) through F1, as a person would. The palette
   * closes when something else takes focus while it opens (a tree loading its children, a toast), so a
   * palette that hides before its row is picked is opened again, a few times at most.
   */
  async runCommand(title: string, options: { opensQuickInput?: boolean } = {}): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    const deadline = Date.now() + uiTimeoutMs;
    for (let attempt = 1; ; attempt += 1) {
      const failure = await this.pickCommand(widget, title, Math.max(1000, Math.min(10_000, deadline - Date.now()))).then(
        () => undefined,
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      );
      if (failure === undefined) break;
      if (attempt >= 3 || Date.now() >= deadline || (await widget.isVisible())) throw failure;
    }
    if (options.opensQuickInput) {
      // The command asks its first question in the same widget, so it never hides: answerQuickInput waits
      // for that question instead.
      return;
    }
    await widget.waitFor({ state: 'hidden', timeout: uiTimeoutMs });
  }

  private async pickCommand(widget: Locator, title: string, timeoutMs: number): Promise<void> {
    if (!(await widget.isVisible())) {
      await this.page.locator('.monaco-workbench').focus();
      await this.page.keyboard.press('F1');
    }
    const input = widget.locator('input.input');
    await input.fill(`>${title}`, { timeout: timeoutMs });
    const row = widget.locator('.monaco-list-row[role="option"]').filter({ has: this.page.locator('.label-name', { hasText: exactly(title) }) });
    await row.first().click({ timeout: timeoutMs });
  }

  /** A row of a tree in the side bar, by its exact label (the description is not part of it). */
  treeItem(label: string): Locator {
    return this.page
      .locator('.part.sidebar .monaco-list-row[role="treeitem"]')
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(label) }) });
  }

  /** Waits for a tree row and expands it with its twistie if it is collapsed. */
  async expandTreeItem(label: string): Promise<Locator> {
    const row = this.treeItem(label);
    await row.waitFor({ timeout: uiTimeoutMs });
    if ((await row.getAttribute('aria-expanded')) === 'false') {
      await row.locator('.monaco-tl-twistie').click();
    }
    await waitForAttribute(row, 'aria-expanded', 'true', `tree item "${label}"`);
    return row;
  }

  /** Right-clicks a row (a tree item, a tab) and picks an item of its context menu by (part of) its label. */
  async contextMenu(row: Locator, item: string): Promise<void> {
    await row.click({ button: 'right', timeout: uiTimeoutMs });
    const menu = this.page.locator('.context-view .monaco-menu');
    const entry = menu.locator('.action-item a.action-menu-item', { hasText: item });
    await entry.first().waitFor({ timeout: uiTimeoutMs });
    // A click while the menu is still laying itself out can land on no item and leave the menu open, its
    // entry merely focused: the menu closes once an item runs, so one that stays open is clicked again.
    for (let attempt = 1; ; attempt += 1) {
      await entry.first().click({ timeout: uiTimeoutMs });
      const closed = await menu.first().waitFor({ state: 'hidden', timeout: 3000 }).then(() => true, () => false);
      if (closed) return;
      if (attempt >= 3) throw new Error(`the context menu stayed open after clicking "${item}" ${attempt} times`);
    }
  }

  /** Clicks one of a tree row's inline actions (the icons shown on hover) by the start of its title. */
  async treeItemAction(row: Locator, title: string): Promise<void> {
    await row.hover({ timeout: uiTimeoutMs });
    await row.locator(`.actions .action-label[aria-label^="${cssString(title)}"]`).click({ timeout: uiTimeoutMs });
  }

  /** The welcome content a view shows while it has nothing (`viewsWelcome`). */
  welcomeButton(text: string): Locator {
    return this.page.locator('.part.sidebar .welcome-view-content a.monaco-button', { hasText: text });
  }

  /** The content of the visible webview: the workbench nests it two iframes down. */
  webviewFrame(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready:visible').frameLocator('iframe#active-frame');
  }

  /** The webview's content frame itself, for evaluating script in it (e.g. to prove hostile data ran nothing). */
  async webviewContentFrame(): Promise<Frame> {
    const outer = await this.page.locator('iframe.webview.ready:visible').elementHandle({ timeout: uiTimeoutMs });
    const outerFrame = await outer?.contentFrame();
    const inner = await outerFrame?.locator('iframe#active-frame').elementHandle({ timeout: uiTimeoutMs });
    const frame = await inner?.contentFrame();
    if (!frame) {
      throw new Error('no webview content frame');
    }
    return frame;
  }

  /**
   * Waits for the quick input that shows `prompt` (its title or message), types an answer and accepts it
   * with Enter. Waiting for the prompt matters: the previous box may still be open while the extension works.
   */
  async answerQuickInput(prompt: string, text: string): Promise<void> {
    // The question's own title or prompt, not the widget's whole text: right after a command is picked the
    // palette still lists it, and a command named "…Kafka Topic…" would answer a question about a "Topic".
    const question = this.page.locator('.quick-input-title, .quick-input-message', { hasText: prompt });
    const widget = this.page.locator('.quick-input-widget:visible', { has: question });
    await widget.waitFor({ timeout: uiTimeoutMs });
    const input = widget.locator('input.input');
    await input.fill(text);
    await input.press('Enter');
  }

  /** Picks an item of the open quick pick by (part of) its label. */
  async pickQuickItem(label: string): Promise<void> {
    const row = this.page.locator('.quick-input-widget .monaco-list-row[role="option"]', { hasText: label });
    await row.first().waitFor({ timeout: uiTimeoutMs });
    await row.first().click();
  }

  /** Checks items of an open many-choice quick pick by (part of) their labels, then accepts with OK. */
  async pickQuickItems(labels: readonly string[]): Promise<void> {
    const widget = this.page.locator('.quick-input-widget:visible');
    for (const label of labels) {
      const row = widget.locator('.monaco-list-row', { hasText: label });
      await row.first().waitFor({ timeout: uiTimeoutMs });
      await row.first().locator('input[type="checkbox"], .monaco-custom-toggle, .quick-input-list-checkbox').first().click();
    }
    await widget.locator('.monaco-button', { hasText: /^OK$/ }).click({ timeout: uiTimeoutMs });
    await widget.waitFor({ state: 'hidden', timeout: uiTimeoutMs });
  }

  /** The title of the active editor tab (a webview panel's title included). */
  activeTabTitle(): Locator {
    return this.page.locator('.part.editor .tab.active .label-name');
  }

  /**
   * Waits for a notification whose message matches `text`. A toast hides itself after some seconds (and
   * not at all while the centre is open), so when no toast shows it in time the notification centre, which
   * keeps every one, is read too; the error then lists what the centre holds.
   */
  async waitForNotification(text: string | RegExp, timeoutMs = uiTimeoutMs): Promise<void> {
    const toast = this.notificationMessages().filter({ hasText: text }).first();
    const seen = await toast.waitFor({ timeout: timeoutMs }).then(
      () => undefined,
      (error: unknown) => error,
    );
    if (seen === undefined) return;
    await this.runCommand('Notifications: Show Notifications');
    const messages = this.page.locator('.notifications-center .notification-list-item-message');
    const inCentre = messages.filter({ hasText: text });
    const found = await inCentre.first().waitFor({ timeout: 2_000 }).then(() => true, () => false);
    const held = await messages.allTextContents();
    await this.runCommand('Notifications: Hide Notifications');
    if (found) return;
    const reason = seen instanceof Error ? seen.message : 'no toast showed it';
    throw new Error(`no notification says ${String(text)}; the centre holds ${held.length === 0 ? 'none' : held.map((m) => JSON.stringify(m)).join(', ')}\n${reason}`);
  }

  notificationMessages(): Locator {
    return this.page.locator('.notifications-toasts .notification-list-item-message');
  }

  /** Opens a contributed walkthrough through "Welcome: Open Walkthrough…", by its title. */
  async openWalkthrough(title: string): Promise<void> {
    await this.runCommand('Welcome: Open Walkthrough...', { opensQuickInput: true });
    await this.pickQuickItem(title);
    await this.page.locator('.gettingStartedContainer .getting-started-step').first().waitFor({ timeout: uiTimeoutMs });
  }

  /** One step of the open walkthrough, by the id in `package.json`; `aria-checked` says whether it is done. */
  walkthroughStep(stepId: string): Locator {
    return this.page.locator(`.gettingStartedContainer button.getting-started-step[data-step-id$="${cssString(stepId)}"]`);
  }
}

function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

function cssString(text: string): string {
  return text.replace(/["\\]/g, '\\$&');
}
