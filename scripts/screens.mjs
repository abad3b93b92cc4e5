#!/usr/bin/env node
// `npm run screens`: draws the plugin's screens (review with a real plan's diffs, inbox, context preview,
// stale-memory review, settings) in headless Chromium with styles.css and Obsidian's default theme, light and
// dark, and writes docs/screens/SCREEN-THEME.png. The pages are built by scripts/screens/build.mjs.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { buildScreens, root, SCREENS } from './screens/build.mjs';
import { launch, openScreen } from './screens/browser.mjs';

const out = join(root, 'docs', 'screens');

async function main() {
  const url = await buildScreens();
  await mkdir(out, { recursive: true });
  const browser = await launch();
  try {
    for (const screen of SCREENS) {
      for (const theme of ['light', 'dark']) {
        const { page, errors } = await openScreen(browser, url, screen, theme, 1000, 900);
        // The diffs of the first items added to notes open, as a person reading the plan would open them (a new
        // note's diff is the whole note, too long for one picture).
        await page.$$eval('.codex-memory-review-change', (rows) =>
          rows
            .filter((r) => r.querySelector('.codex-memory-op-add'))
            .slice(0, 3)
            .forEach((r) => (r.querySelector('details').open = true)),
        );
        const modal = await page.$('.modal');
        const file = join(out, `${screen}-${theme}.png`);
        await page.screenshot({ path: file, fullPage: false });
        if (!modal) throw new Error(`${screen}: no modal on the page`);
        if (errors.length) throw new Error(`${screen} (${theme}): ${errors.join('; ')}`);
        console.log(`wrote ${file.slice(root.length + 1)}`);
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(`screens: ${err.message}`);
  process.exit(1);
});
