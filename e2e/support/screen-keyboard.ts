import { expect, type Locator, type Page } from '@playwright/test';

/** How a test presses a key: `.tap()` in a touch context, `.click()` otherwise. */
export type Press = (key: Locator) => Promise<void>;

export const tap: Press = (key) => key.tap();
export const click: Press = (key) => key.click();

/** The on-screen keyboard (renderer/src/components/OnScreenKeyboard.svelte). */
export function screenKeyboard(page: Page): Locator {
  return page.getByTestId('screen-keyboard');
}

function keyOf(keyboard: Locator, key: string): Locator {
  return keyboard.locator(`[data-skbtn=${JSON.stringify(key)}]`);
}

/**
 * Types `text` on the on-screen keyboard into the field it serves, key by key with `press`: a
 * capital through shift, an accented letter through the accents layer (and back to letters).
 * Fails the test when a character has no key on the keyboard's layers.
 */
export async function typeOnScreen(page: Page, text: string, press: Press): Promise<void> {
  const keyboard = screenKeyboard(page);
  await expect(keyboard).toBeVisible();
  for (const ch of text) {
    const key = ch === ' ' ? '{space}' : ch;
    if ((await keyOf(keyboard, key).count()) > 0) {
      await press(keyOf(keyboard, key));
      continue;
    }
    const isCapital = ch !== ch.toLocaleLowerCase('fr') && /^[A-Z]$/.test(ch);
    const via = isCapital ? '{shift}' : '{accents}';
    await press(keyOf(keyboard, via));
    await expect(keyOf(keyboard, key)).toHaveCount(1);
    await press(keyOf(keyboard, key));
    if (!isCapital) await press(keyOf(keyboard, '{letters}'));
  }
}

/** Removes `count` characters with the keyboard's backspace. */
export async function eraseOnScreen(page: Page, count: number, press: Press): Promise<void> {
  for (let i = 0; i < count; i++) await press(keyOf(screenKeyboard(page), '{bksp}'));
}

/** The width of the narrowest key and the height of the lowest, in CSS px. */
export async function smallestKey(page: Page): Promise<{ width: number; height: number }> {
  return screenKeyboard(page)
    .locator('[data-skbtn]')
    .evaluateAll((keys) => {
      let width = Infinity;
      let height = Infinity;
      for (const key of keys) {
        const box = key.getBoundingClientRect();
        width = Math.min(width, box.width);
        height = Math.min(height, box.height);
      }
      return { width, height };
    });
}
