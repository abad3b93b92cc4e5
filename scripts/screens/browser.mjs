// Headless Chromium for the screens: Debian's /usr/bin/chromium (or CHROMIUM_PATH), driven by puppeteer-core,
// which downloads no browser of its own.
import { existsSync } from 'node:fs';
import puppeteer from 'puppeteer-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  return puppeteer.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless=new', '--allow-file-access-from-files', '--font-render-hinting=none'],
  });
}

/** Opens one screen and waits until the plugin's modal has drawn itself. */
export async function openScreen(browser, url, screen, theme, width = 1000, height = 800) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  await page.setViewport({ width, height, deviceScaleFactor: 1 });
  await page.goto(`${url}?screen=${screen}&theme=${theme}`);
  try {
    await page.waitForSelector('body[data-ready="1"]', { timeout: 10_000 });
  } catch (err) {
    throw new Error(`${screen} (${theme}) was not drawn: ${errors.join('; ') || err.message}`);
  }
  // Let the inbox's note choices (loaded after the list) arrive.
  await new Promise((r) => setTimeout(r, 50));
  return { page, errors };
}
