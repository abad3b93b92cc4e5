#!/usr/bin/env node
// `npm run test:screens`: what a person would notice on the plugin's screens, checked on the live page in
// headless Chromium (scripts/screens/build.mjs builds it: the plugin's own modal classes with their handlers,
// styles.css, Obsidian's default theme). At 700 px wide nothing overflows sideways, long note names wrap, diffs
// are monospace with marked additions that keep their contrast, every action is reached by Tab in reading
// order with a visible focus ring, Enter runs the focused action and Escape closes. Ends with
// `N passed, N failed` (counted by .ci/run).
import assert from 'node:assert/strict';
import { buildScreens, SCREENS } from './screens/build.mjs';
import { launch, openScreen } from './screens/browser.mjs';
import { createReport } from './e2e/report.mjs';

const WIDTH = 700;
const LONG_NAME = 'harbour-line-realtime-departure-board-and-timetable-importer-for-the-coastal-tram-network';
const report = createReport();

/** Elements of the modal that stick out of it or scroll sideways. */
function overflowing(page) {
  return page.evaluate(() => {
    const modal = document.querySelector('.modal');
    const box = modal.getBoundingClientRect();
    const name = (el) =>
      `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
    const out = [];
    if (modal.scrollWidth > modal.clientWidth + 1) out.push(`.modal scrolls sideways (${modal.scrollWidth} > ${modal.clientWidth})`);
    for (const el of modal.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > box.right + 1 || r.left < box.left - 1)
        out.push(`${name(el)} sticks out (${Math.round(r.left)}–${Math.round(r.right)} of ${Math.round(box.left)}–${Math.round(box.right)})`);
      // A text field scrolls its own value by design; any other element must not need a sideways scroll.
      else if (!/^(INPUT|TEXTAREA|SELECT|OPTION)$/.test(el.tagName) && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
        out.push(`${name(el)} scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`);
    }
    return out;
  });
}

/** Tabs through the page from the modal, returning each focused element until focus leaves or comes round. */
function tabOrder(page, steps = 80) {
  return (async () => {
    const seen = [];
    for (let i = 0; i < steps; i++) {
      await page.keyboard.press('Tab');
      const el = await page.evaluate(() => {
        const a = document.activeElement;
        if (!a || a === document.body || !a.closest('.modal')) return null;
        if (!a.dataset.tabId) a.dataset.tabId = String(document.querySelectorAll('[data-tab-id]').length);
        const r = a.getBoundingClientRect();
        const before = getComputedStyle(a);
        return {
          id: a.dataset.tabId,
          tag: a.tagName.toLowerCase(),
          text: (a.textContent || a.getAttribute('aria-label') || '').trim().slice(0, 40),
          top: r.top + a.closest('.modal').scrollTop,
          ring: `${before.outlineStyle} ${before.outlineWidth} | ${before.boxShadow}`,
        };
      });
      if (!el || seen.some((s) => s.id === el.id)) break;
      seen.push(el);
    }
    return seen;
  })();
}

/** What the page says should be reachable: enabled, visible controls of the modal, in document order. */
function actionable(page) {
  return page.evaluate(() =>
    [...document.querySelector('.modal').querySelectorAll('button, input, select, textarea, summary, a[href]')]
      .filter((el) => !el.disabled && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
      .map((el) => (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40)),
  );
}

/** The focused element's ring against its look without focus (Obsidian shows focus with an outline or a shadow). */
function focusRing(page) {
  return page.evaluate(() => {
    const a = document.activeElement;
    const style = () => {
      const s = getComputedStyle(a);
      const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : 'none';
      // A toggle's input is invisible; its container carries the ring.
      const holder = a.closest('.checkbox-container') ?? a;
      return { outline, shadow: getComputedStyle(holder).boxShadow };
    };
    const focused = style();
    a.blur();
    const blurred = style();
    a.focus({ focusVisible: true });
    return { focused, blurred, what: (a.textContent || a.getAttribute('aria-label') || a.tagName).trim().slice(0, 40) };
  });
}

async function focusByText(page, selector, text) {
  const handle = await page.evaluateHandle(
    (sel, t) => [...document.querySelectorAll(sel)].find((el) => (el.textContent || el.getAttribute('aria-label') || '').trim().startsWith(t)),
    selector,
    text,
  );
  assert.ok(handle.asElement(), `no ${selector} "${text}"`);
  await handle.asElement().focus();
  return handle.asElement();
}

const body = (page, key) => page.evaluate((k) => document.body.dataset[k] ?? '', key);

/** Relative luminance contrast of two CSS colours, the second possibly translucent over `base`. */
function contrastOf(page, selector) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    const parse = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    // The background as painted: translucent layers blended over the first opaque ancestor.
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const [r, g, b, a = 1] = parse(getComputedStyle(e).backgroundColor);
      if (a > 0) layers.push([r, g, b, a]);
      if (a >= 1) break;
    }
    let bg = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) bg = [r * a + bg[0] * (1 - a), g * a + bg[1] * (1 - a), b * a + bg[2] * (1 - a)];
    const fg = parse(getComputedStyle(el).color);
    const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return { ratio: (hi + 0.05) / (lo + 0.05), bg: bg.map(Math.round).join(','), font: getComputedStyle(el).fontFamily };
  }, selector);
}

async function main() {
  const url = await buildScreens();
  const browser = await launch();
  try {
    for (const screen of SCREENS) {
      for (const theme of ['light', 'dark']) {
        const { page, errors } = await openScreen(browser, url, screen, theme, WIDTH, 900);
        await page.$$eval('details', (all) => all.forEach((d) => (d.open = true)));
        await report.check(`${screen} (${theme}): drawn without a script error`, () => assert.deepEqual(errors, []));
        await report.check(`${screen} (${theme}): nothing overflows sideways at ${WIDTH} px`, async () =>
          assert.deepEqual(await overflowing(page), []),
        );
        await page.close();
      }
    }

    // Long note names wrap inside their box instead of running out of it.
    for (const screen of ['review', 'preview', 'stale']) {
      const { page } = await openScreen(browser, url, screen, 'light', WIDTH, 900);
      await report.check(`${screen}: the long note name wraps onto more lines, inside the modal`, async () => {
        const found = await page.evaluate((name) => {
          const modal = document.querySelector('.modal').getBoundingClientRect();
          return [...document.querySelectorAll('.modal *')]
            .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.includes(name)))
            .map((el) => {
              const r = el.getBoundingClientRect();
              const line = parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.2;
              return {
                cls: el.className,
                lines: Math.round(r.height / line),
                inside: r.right <= modal.right + 1 && el.scrollWidth <= el.clientWidth + 1,
              };
            });
        }, LONG_NAME);
        assert.ok(found.length > 0, 'the long note name is not on the screen');
        for (const f of found) {
          assert.ok(f.inside, `${f.cls}: the name runs out of its box`);
          assert.ok(f.lines >= 2, `${f.cls}: the name is on ${f.lines} line(s), cut or squeezed instead of wrapped`);
        }
      });
      await page.close();
    }

    // Diffs: monospace, additions and removals marked by colour, text readable on them in both themes.
    for (const theme of ['light', 'dark']) {
      const { page } = await openScreen(browser, url, 'review', theme, WIDTH, 900);
      await page.$$eval('details', (all) => all.forEach((d) => (d.open = true)));
      await report.check(`review (${theme}): diff lines are monospace, added lines marked, readable (contrast ≥ 4.5)`, async () => {
        const kinds = await page.$$eval('.codex-memory-diff-line', (ls) => [...new Set(ls.map((l) => l.className))]);
        assert.ok(
          kinds.some((k) => k.includes('is-added')),
          `no added line among ${kinds}`,
        );
        const added = await contrastOf(page, '.codex-memory-diff-line.is-added');
        const context = await contrastOf(page, '.codex-memory-diff');
        assert.match(added.font, /mono/i, `diff font is ${added.font}`);
        assert.notEqual(added.bg, context.bg, 'an added line looks like any other line');
        assert.ok(added.ratio >= 4.5, `added line contrast ${added.ratio.toFixed(2)} on ${added.bg}`);
        const hunk = await contrastOf(page, '.codex-memory-diff-line.is-context, .codex-memory-diff-line.is-hunk');
        assert.ok(hunk.ratio >= 3, `context/hunk line contrast ${hunk.ratio.toFixed(2)} on ${hunk.bg}`);
      });
      await page.close();
    }

    // Keyboard: every action in reading order by Tab, each with a visible focus ring.
    for (const screen of SCREENS) {
      const { page } = await openScreen(browser, url, screen, 'light', WIDTH, 900);
      await page.$$eval('details', (all) => all.forEach((d) => (d.open = true)));
      const order = await tabOrder(page);
      const wanted = await actionable(page);
      await report.check(`${screen}: Tab reaches every action (${wanted.length}), in reading order`, () => {
        assert.deepEqual(
          order.map((o) => o.text),
          wanted,
        );
        for (let i = 1; i < order.length; i++)
          assert.ok(order[i].top >= order[i - 1].top - 2, `"${order[i].text}" comes after "${order[i - 1].text}" but sits above it`);
      });
      await report.check(`${screen}: focus is visible on every control Tab reaches`, async () => {
        await page.evaluate(() => document.querySelector('.modal').focus());
        const missing = [];
        for (let i = 0; i < order.length; i++) {
          await page.keyboard.press('Tab');
          const ring = await focusRing(page);
          const shows = ring.focused.outline !== 'none' || (ring.focused.shadow !== 'none' && ring.focused.shadow !== ring.blurred.shadow);
          if (!shows || (ring.focused.outline === ring.blurred.outline && ring.focused.shadow === ring.blurred.shadow)) missing.push(ring.what);
        }
        assert.deepEqual(missing, []);
      });
      await page.close();
    }

    await keyboardActions(browser, url);
  } finally {
    await browser.close();
  }
}

/** Enter runs the focused action (the plugin's own handler); Escape closes the modal as Obsidian does. */
async function keyboardActions(browser, url) {
  let { page } = await openScreen(browser, url, 'review', 'light', WIDTH, 900);
  await report.check('review: Space unticks a change, Enter on "Apply selected" applies exactly the ticked ones', async () => {
    const before = await page.$$eval('.codex-memory-review-change[data-change] input[type=checkbox]', (bs) =>
      bs.filter((b) => b.checked).map((b) => b.closest('[data-change]').dataset.change),
    );
    assert.ok(before.length >= 2, 'fewer than two changes start ticked');
    await page.focus(`[data-change="${before[0]}"] input[type=checkbox]`);
    await page.keyboard.press('Space');
    await focusByText(page, 'button', 'Apply selected');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), `Apply selected (${before.length - 1})`);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.body.dataset.result);
    assert.equal(await body(page, 'applied'), before.slice(1).join(','));
    assert.equal(await body(page, 'result'), 'applied');
    assert.equal(await page.$('.modal'), null, 'the modal is still open');
  });
  await page.close();

  ({ page } = await openScreen(browser, url, 'review', 'light', WIDTH, 900));
  await report.check('review: Escape closes it and nothing is applied', async () => {
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.body.dataset.result);
    assert.equal(await body(page, 'result'), 'cancelled');
    assert.equal(await body(page, 'applied'), '');
    assert.equal(await page.$('.modal'), null);
  });
  await page.close();

  ({ page } = await openScreen(browser, url, 'preview', 'light', WIDTH, 900));
  await report.check('preview: Enter on "Pin" pins the note and the button says so', async () => {
    await focusByText(page, 'button', 'Pin');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.body.dataset.mode);
    assert.match(await body(page, 'mode'), new RegExp(`${LONG_NAME}\\.md=pin`));
    const pressed = await page.$$eval(
      '.codex-memory-preview-note',
      (notes, name) =>
        notes
          .find((n) => n.textContent.includes(name))
          ?.querySelector('button[aria-pressed]')
          ?.getAttribute('aria-pressed'),
      LONG_NAME,
    );
    assert.equal(pressed, 'true');
  });
  await page.close();

  ({ page } = await openScreen(browser, url, 'stale', 'light', WIDTH, 900));
  await report.check('stale review: Enter on "Mark superseded" acts on that item and it leaves the list', async () => {
    const cards = await page.$$eval('.codex-memory-proposal', (cs) => cs.length);
    await focusByText(page, 'button', 'Mark superseded');
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('.codex-memory-proposal').length === n - 1, {}, cards);
    assert.match(await body(page, 'acted'), /:supersede$/);
  });
  await page.close();

  ({ page } = await openScreen(browser, url, 'inbox', 'light', WIDTH, 900));
  await report.check('inbox: Enter on "Reject" asks first; Escape on the question rejects nothing, Enter on its "Reject" does', async () => {
    await focusByText(page, 'button', 'Reject');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('.modal').length === 2);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelectorAll('.modal').length === 1);
    assert.equal(await body(page, 'rejected'), '');
    await focusByText(page, 'button', 'Reject');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('.modal').length === 2);
    await focusByText(page, '.modal-container:last-of-type button.mod-destructive', 'Reject');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.body.dataset.rejected);
    assert.match(await body(page, 'rejected'), /^agent\/inbox\//);
  });
  await page.close();

  ({ page } = await openScreen(browser, url, 'settings', 'light', WIDTH, 900));
  await report.check('settings: a budget out of range typed by keyboard is explained and not saved', async () => {
    const input = await page.$('input[aria-label="Context budget"]');
    const retype = (text) => input.evaluate((el) => el.select()).then(() => page.keyboard.type(text));
    await input.focus();
    await retype('12');
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => [...document.querySelectorAll('.codex-memory-setting-error')].some((e) => e.textContent));
    assert.equal(await body(page, 'saved'), '');
    await input.focus();
    await retype('3500');
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => document.body.dataset.saved);
  });
  await page.close();
}

main()
  .catch((err) => report.check('the screens could be built and drawn', () => assert.fail(err.stack ?? String(err))))
  .finally(() => {
    process.exitCode = report.summary() ? 1 : 0;
  });
