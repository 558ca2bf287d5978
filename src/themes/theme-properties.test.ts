import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseProperties, resolvePlaceholders, themeProperties } from './theme-properties.ts';

describe('reading theme.properties', () => {
  test('reads key=value, key: value and key value, trimming blanks around the separator', () => {
    const props = parseProperties('parent=base\nimport : common/keycloak\nlocales en,de\n  styles   =  css/a.css css/b.css');
    assert.deepEqual({ ...props }, { parent: 'base', import: 'common/keycloak', locales: 'en,de', styles: 'css/a.css css/b.css' });
  });

  test('skips # and ! comments and blank lines, and a comment ending in a backslash continues nothing', () => {
    const props = parseProperties('# comment \\\n! other\n\n   \nkey=value');
    assert.deepEqual({ ...props }, { key: 'value' });
  });

  test('joins a line ending in a backslash with the next one, without its leading blanks', () => {
    const props = parseProperties('styles=css/a.css \\\n        css/b.css \\\n   css/c.css\nnext=1');
    assert.equal(props['styles'], 'css/a.css css/b.css css/c.css');
    assert.equal(props['next'], '1');
  });

  test('an even number of trailing backslashes is an escaped backslash, not a continuation', () => {
    const props = parseProperties('path=C:\\\\\nnext=1');
    assert.equal(props['path'], 'C:\\');
    assert.equal(props['next'], '1');
  });

  test('decodes \\uXXXX, \\t, \\n and escaped separators in keys and values', () => {
    const props = parseProperties('gr\\u00fc\\u00dfe=Gr\\u00fc\\u00dfe\\tdich\\n\nkey\\=with\\:colon=a\\=b\nemoji=\\ud83d\\ude00');
    assert.equal(props['grüße'], 'Grüße\tdich\n');
    assert.equal(props['key=with:colon'], 'a=b');
    assert.equal(props['emoji'], '😀');
  });

  test('keeps a malformed \\u escape as text instead of failing the file', () => {
    assert.equal(parseProperties('a=x\\uZZ1y')['a'], 'x\\uZZ1y');
  });

  test('handles Windows line endings and a byte-order mark', () => {
    assert.deepEqual({ ...parseProperties('\uFEFFa=1\r\nb=2\r\n') }, { a: '1', b: '2' });
  });

  test('a key named __proto__ is just a key', () => {
    const props = parseProperties('__proto__=x');
    assert.equal(props['__proto__'], 'x');
    assert.equal(Object.getPrototypeOf(props), null);
  });
});

describe('placeholders in theme.properties', () => {
  test('fills ${env.VAR} from the environment and leaves an unset one empty', () => {
    const env = { BRAND_CSS: 'css/brand.css' };
    assert.equal(resolvePlaceholders('css/a.css ${env.BRAND_CSS}', env), 'css/a.css css/brand.css');
    assert.equal(resolvePlaceholders('x${env.UNSET}y', env), 'xy');
    assert.equal(resolvePlaceholders('${env.UNSET:fallback}', env), 'fallback');
  });

  test('leaves other ${…} references, which message texts use, untouched', () => {
    assert.equal(resolvePlaceholders('${kc.org.name}', {}), '${kc.org.name}');
  });

  test('splits styles and scripts on blanks, locales on commas, and meta on ==', () => {
    const settings = themeProperties(parseProperties('styles=a.css  b.css\nlocales=en, de ,fr\nmeta=viewport==width=device-width robots==noindex\nkcFormClass=${env.FORM}'), { FORM: 'my-form' });
    assert.deepEqual(settings.styles, ['a.css', 'b.css']);
    assert.deepEqual(settings.locales, ['en', 'de', 'fr']);
    assert.deepEqual(settings.meta, [{ name: 'viewport', content: 'width=device-width' }, { name: 'robots', content: 'noindex' }]);
    assert.equal(settings.all['kcFormClass'], 'my-form');
    assert.equal(settings.parent, undefined);
  });
});
