import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createMessages, formatMessage, localeFallbacks, type BundleSource } from './messages.ts';
import { parseProperties } from './theme-properties.ts';

/** A theme's bundles given inline, by language tag. */
function bundles(byTag: Record<string, string>): BundleSource {
  return { bundle: (tag) => (byTag[tag] === undefined ? undefined : parseProperties(byTag[tag])) };
}

describe('formatting a message', () => {
  test('fills {0} and {1} with the parameters', () => {
    assert.equal(formatMessage('Sign in to {0}', ['Acme']), 'Sign in to Acme');
    assert.equal(formatMessage('Length must be between {1} and {2}.', ['x', 3, 20]), 'Length must be between 3 and 20.');
  });

  test("turns '' into one apostrophe, as Java MessageFormat does", () => {
    assert.equal(formatMessage("Passwords don''t match."), "Passwords don't match.");
  });

  test("prints text between single apostrophes literally, braces included", () => {
    assert.equal(formatMessage("Use '{0}' for {0}", ['x']), 'Use {0} for x');
  });

  test('prints a missing parameter as {n} and ignores a format type', () => {
    assert.equal(formatMessage('{0} and {1}', ['a']), 'a and {1}');
    assert.equal(formatMessage('{0,number,integer} left', [1234], 'de'), '1.234 left');
  });
});

describe('finding a message', () => {
  const child = bundles({ en: 'doLogIn=Log in now\n', de: 'doLogIn=Jetzt anmelden' });
  const parent = bundles({ en: 'doLogIn=Sign In\npassword=Password\nloginTitle=Sign in to {0}\nfirstName=First name', de: 'password=Passwort', 'de-ch': 'password=Passwort (CH)' });

  test('falls back from de-CH to de to en', () => {
    assert.deepEqual(localeFallbacks('de-CH'), ['de-ch', 'de', 'en']);
    assert.deepEqual(localeFallbacks('en'), ['en']);
    assert.deepEqual(localeFallbacks('not a tag!'), ['en']);
    const m = createMessages('de-CH', [child, parent]);
    assert.equal(m.msg('password'), 'Passwort (CH)');
    assert.equal(m.msg('doLogIn'), 'Jetzt anmelden');
    assert.equal(m.msg('loginTitle', 'Acme'), 'Sign in to Acme');
  });

  test('a child theme wins over its parent in the same language', () => {
    assert.equal(createMessages('en', [child, parent]).msg('doLogIn'), 'Log in now');
    assert.equal(createMessages('fr', [child, parent]).msg('password'), 'Password');
  });

  test("the realm's own texts win over every theme", () => {
    const m = createMessages('de', [child, parent], { doLogIn: 'Bei {0} anmelden' });
    assert.equal(m.msg('doLogIn', 'Acme'), 'Bei Acme anmelden');
  });

  test('an unknown key shows as itself, apostrophes intact', () => {
    assert.equal(createMessages('en', [parent]).msg("Can't sign in"), "Can't sign in");
  });

  test('advancedMsg translates ${key} references and leaves plain text alone', () => {
    const m = createMessages('en', [parent]);
    assert.equal(m.advancedMsg('${firstName}'), 'First name');
    assert.equal(m.advancedMsg('Your ${password} here'), 'Your Password here');
    assert.equal(m.advancedMsg('Favourite colour'), 'Favourite colour');
    assert.equal(m.advancedMsg('${noSuchKey}'), 'noSuchKey');
  });

  test('a ${key} parameter is translated before it is filled in', () => {
    assert.equal(createMessages('en', [parent]).msg('loginTitle', '${firstName}'), 'Sign in to First name');
  });
});
