/**
 * The expression workload in the page (issue #18): type an expression and see its eager
 * and fused plans side by side (kernels, bytes, each way's times); a bad one gets its
 * message at the column where it fails, that span marked under the field, and no
 * estimate; the link carries the expression. Runs of expressions are in verify.spec.ts.
 */
import type { Page } from '@playwright/test';
import { test, expect, seedStoredRun } from './fixtures.ts';

const ARRAYS = 'a:100000,b:100000,c:100000';

function variant(page: Page, mode: 'eager' | 'fused') {
  return page.locator(`#why workload-variants [data-variant="${mode}"]`);
}

async function typeExpression(page: Page, text: string): Promise<void> {
  const field = page.getByLabel('Expression', { exact: true });
  await field.fill(text);
  await field.blur();
}

test.beforeEach(async ({ page }) => {
  await seedStoredRun(page);
});

test.describe('expression workload', () => {
  test('typed, it shows eager and fused side by side with their kernels; the answer is for the mode in the form', async ({
    page,
  }) => {
    await page.goto(`/?w=expression&w.arrays=${ARRAYS}&w.expr=a`);
    await typeExpression(page, 'a*b + c');
    const eager = variant(page, 'eager');
    const fused = variant(page, 'fused');
    await expect(eager.locator('[data-kernel]')).toHaveCount(2);
    await expect(eager.locator('[data-kernel="0"]')).toContainText('t1 = a * b');
    await expect(eager.locator('[data-kernel="1"]')).toContainText('out = t1 + c');
    await expect(fused.locator('[data-kernel]')).toHaveCount(1);
    await expect(fused.locator('[data-kernel="0"]')).toContainText('out = a * b + c');
    // 10⁵ float32: eager moves 6 arrays' worth (2.4 MB), fused 4 (1.6 MB).
    await expect(eager.locator('[data-bytes]')).toHaveAttribute('data-bytes', '2400000');
    await expect(fused.locator('[data-bytes]')).toHaveAttribute('data-bytes', '1600000');
    for (const v of [eager, fused]) {
      for (const side of ['cpu', 'gpu']) {
        const t = Number(await v.locator(`[data-seconds="${side}"]`).getAttribute('data-value'));
        expect(Number.isFinite(t) && t > 0, side).toBe(true);
      }
    }
    // The answer is eager's (the default): its launches, and the mark on its side.
    await expect(eager).toContainText('the answer above');
    await expect(page.locator('#results [data-output="launches"]')).toHaveAttribute('data-value', '2');
    await page.getByLabel('How it runs', { exact: true }).selectOption('fused');
    await expect(fused).toContainText('the answer above');
    await expect(page.locator('#results [data-output="launches"]')).toHaveAttribute('data-value', '1');
    // The link carries the expression, URL-encoded, and the mode.
    const params = new URL(page.url()).searchParams;
    expect(params.get('w.expr')).toBe('a*b + c');
    expect(params.get('w.mode')).toBe('fused');
    expect(params.get('w.arrays')).toBe(ARRAYS);
  });

  test('a bad expression: the message at its column, the span marked under the field, and no estimate', async ({
    page,
  }) => {
    await page.goto(`/?w=expression&w.arrays=${ARRAYS}&w.expr=${encodeURIComponent('a*b + c')}`);
    await expect(page.locator('#results [data-output="launches"]')).toHaveAttribute('data-value', '2');
    await typeExpression(page, 'a*b + d');
    const field = page.getByLabel('Expression', { exact: true });
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    const form = page.locator('workload-form [data-param="w.expr"]');
    await expect(form.locator('.error')).toHaveText(/^At column 7: unknown name d\b/);
    const mark = form.locator('.span-mark');
    await expect(mark).toHaveAttribute('data-column', '7');
    await expect(mark.locator('mark')).toHaveText('d');
    await expect(mark.locator('.caret')).toHaveText('      ^');
    // No estimate: the answer asks for the field to be fixed, its figures are dashes, and the why section has no plans.
    await expect(page.getByText('Fix the workload fields marked above to see the answer.')).toBeVisible();
    await expect(page.locator('#results [data-output="launches"]')).toHaveText('—');
    await expect(page.locator('#why workload-variants [data-variant]')).toHaveCount(0);
    // Unbalanced parentheses and unsupported syntax point at their own columns.
    await typeExpression(page, '(a + b');
    await expect(form.locator('.error')).toHaveText('At column 1: unbalanced parentheses: this ( is never closed.');
    await typeExpression(page, 'a + __import__("os")');
    await expect(form.locator('.error')).toHaveText(/^At column 5: __import__ cannot be called/);
    await expect(mark).toHaveAttribute('data-column', '5');
    // Fixed, the estimate comes back.
    await typeExpression(page, 'a - b*c');
    await expect(page.locator('#results [data-output="launches"]')).toHaveAttribute('data-value', '2');
    await expect(form.locator('.span-mark')).toHaveCount(0);
  });
});
