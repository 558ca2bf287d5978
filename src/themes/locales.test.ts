import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { formatMessage } from './messages.ts';
import { parseProperties, themeProperties, type PropertyMap } from './theme-properties.ts';
import { shippedThemesDir } from './theme-registry.ts';

const loginDir = join(shippedThemesDir(), 'gatehouse', 'login');
const read = (file: string): string => readFileSync(join(loginDir, file), 'utf8');
const bundle = (locale: string): PropertyMap => parseProperties(read(`messages/messages_${locale}.properties`));
const en = bundle('en');
const translations = ['de', 'fr', 'es'] as const;

/** The `{n}` parameters a text uses, sorted: `{1} and {2}` → ['1', '2']. */
function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\d+)(?:,[^}]*)?\}/g)].map((m) => m[1]!))].sort();
}

describe('the login theme bundles', () => {
  test('theme.properties offers exactly the languages that have a bundle', () => {
    const settings = themeProperties(parseProperties(read('theme.properties')), {});
    assert.deepEqual(settings.locales, ['en', 'de', 'fr', 'es']);
    const files = readdirSync(join(loginDir, 'messages')).filter((f) => f.endsWith('.properties')).map((f) => /^messages_(.+)\.properties$/.exec(f)?.[1]).sort();
    assert.deepEqual(files, [...settings.locales].sort());
  });

  for (const locale of translations) {
    describe(`messages_${locale}`, () => {
      const texts = bundle(locale);

      test('has every English key', () => {
        assert.deepEqual(Object.keys(en).filter((k) => !Object.hasOwn(texts, k)), []);
      });

      test('has no key that English lacks', () => {
        assert.deepEqual(Object.keys(texts).filter((k) => !Object.hasOwn(en, k)), []);
      });

      test('uses the same {n} parameters as English in every text', () => {
        const differing = Object.keys(en).filter((k) => Object.hasOwn(texts, k) && placeholders(texts[k]!).join() !== placeholders(en[k]!).join());
        assert.deepEqual(differing, []);
      });

      test('has a non-empty text for every key', () => {
        assert.deepEqual(Object.keys(texts).filter((k) => texts[k]!.trim() === ''), []);
      });
    });
  }

  test('writes every apostrophe as MessageFormat wants it (\'\'), so none is swallowed', () => {
    for (const locale of ['en', ...translations]) {
      const texts = bundle(locale);
      const lone = Object.keys(texts).filter((k) => /(?<!')'(?!')/.test(texts[k]!.replace(/''/g, '')));
      assert.deepEqual(lone, [], `${locale}: a single apostrophe starts a quoted section`);
      for (const key of Object.keys(texts)) {
        const out = formatMessage(texts[key]!, ['<0>', '<1>', '<2>'], locale);
        for (const p of placeholders(texts[key]!)) assert.ok(out.includes(`<${p}>`), `${locale} ${key}: {${p}} is not filled`);
      }
    }
  });

  test('the French texts keep the apostrophes and non-breaking spaces they are written with', () => {
    const fr = bundle('fr');
    assert.equal(formatMessage(fr['username']!), "Nom d'utilisateur");
    assert.equal(formatMessage(fr['doForgotPassword']!), 'Mot de passe oublié\u00a0?');
  });
});
