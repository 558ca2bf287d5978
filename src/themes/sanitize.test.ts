import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kcSanitize } from './sanitize.ts';

describe('kcSanitize', () => {
  test('keeps bold, italics, emphasis, line breaks, paragraphs and spans', () => {
    assert.equal(kcSanitize('<p>We are <strong>sorry</strong>, <b>really</b> <i>very</i> <em>much</em><br/><span class="note">x</span></p>'),
      '<p>We are <strong>sorry</strong>, <b>really</b> <i>very</i> <em>much</em><br><span class="note">x</span></p>');
  });

  test('drops a <script> element with its content', () => {
    assert.equal(kcSanitize('Hi<script>alert(1)</script> there<SCRIPT src=x></SCRIPT>'), 'Hi there');
  });

  test('drops onerror= and every other attribute it does not know', () => {
    assert.equal(kcSanitize('<img src=x onerror=alert(1)>'), '');
    assert.equal(kcSanitize('<b onclick="alert(1)" style="x">bold</b>'), '<b>bold</b>');
    assert.equal(kcSanitize('<span onmouseover=alert(1) class="ok">x</span>'), '<span class="ok">x</span>');
  });

  test('keeps http(s) links and drops javascript: ones, however they are spelt', () => {
    assert.equal(kcSanitize('<a href="https://example.com/terms?a=1&amp;b=2">terms</a>'),
      '<a href="https://example.com/terms?a=1&amp;b=2" rel="nofollow noopener noreferrer">terms</a>');
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', '&#106;avascript:alert(1)', ' java\tscript:alert(1)', 'data:text/html,x', '//evil.example']) {
      assert.equal(kcSanitize(`<a href="${href}">x</a>`), '<a>x</a>', href);
    }
  });

  test('escapes text that is not an allowed tag, and keeps entities such as &laquo;', () => {
    assert.equal(kcSanitize('&laquo; Back & forth 1 < 2 > 0 "q"'), '&laquo; Back &amp; forth 1 &lt; 2 &gt; 0 &quot;q&quot;');
    assert.equal(kcSanitize('1 <2 and a <b unclosed'), '1 &lt;2 and a &lt;b unclosed');
  });

  test('closes what it opened and ignores stray closing tags', () => {
    assert.equal(kcSanitize('<b><i>x</b></p>'), '<b><i>x</i></b>');
    assert.equal(kcSanitize('<p>open'), '<p>open</p>');
  });

  test('drops comments, styles and iframes', () => {
    assert.equal(kcSanitize('a<!-- <script>x</script> -->b<style>*{}</style><iframe src=x></iframe>c'), 'abc');
  });

  test('turns nothing into an empty string', () => {
    assert.equal(kcSanitize(undefined), '');
    assert.equal(kcSanitize(null), '');
  });
});
