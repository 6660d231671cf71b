import { describe, expect, it } from 'vitest';
import { capText, plainText } from './feed-text';
import { occurrencesOf } from './testing/fixtures';

const byUid = (defaultLang?: 'fr' | 'nl' | 'en') =>
  new Map(
    occurrencesOf('languages.ics', {
      floatingZone: 'Europe/Brussels',
      ...(defaultLang ? { defaultLang } : {}),
    }).map((o) => [o.uid, o]),
  );

describe('the words of a feed event', () => {
  it('several SUMMARY with LANGUAGE are translations; the event is held in the first one', () => {
    const event = byUid().get('trilingual@coffee.test');
    expect(event?.lang).toBe('nl');
    expect(event?.title).toEqual({
      nl: 'Netwerkmiddag',
      fr: 'Après-midi réseautage',
      en: 'Networking afternoon',
    });
    expect(event?.url).toBe('https://example.org/reseau');
  });

  it('descriptions become plain text: tags stripped, entities decoded, scripts dropped', () => {
    const event = byUid().get('trilingual@coffee.test');
    expect(event?.description).toEqual({
      nl: 'Kom langs, neem een collega mee.',
      fr: 'Venez nombreux\u00a0!\n\nEntrée libre & gratuite.', // &nbsp; stays a no-break space
    });
  });

  it('a title keeps its text verbatim, a script included; a non-http link is dropped', () => {
    const event = byUid('en').get('untrusted@coffee.test');
    expect(event?.title).toEqual({ en: '<script>alert("x")</script> & <b>bold</b>' });
    expect(event?.lang).toBe('en');
    expect(event?.description).toEqual({ en: 'Line one\nLine two <ok>' });
    expect(event?.url).toBeUndefined();
    expect(byUid().get('untitled@coffee.test')?.url).toBeUndefined();
  });

  it('untagged text goes under the feed default; without one, under fr with no language claimed', () => {
    expect(byUid('nl').get('untrusted@coffee.test')?.title).toHaveProperty('nl');
    const unknown = byUid().get('untrusted@coffee.test');
    expect(Object.keys(unknown?.title ?? {})).toEqual(['fr']);
    expect(unknown?.lang).toBeUndefined();
  });

  it('a title only in another language is kept rather than lost; no title reads "untitled" in all three', () => {
    expect(byUid('fr').get('german-only@coffee.test')?.title).toEqual({ fr: 'Stammtisch' });
    expect(byUid().get('untitled@coffee.test')?.title).toEqual({
      fr: 'Sans titre',
      nl: 'Zonder titel',
      en: 'Untitled',
    });
  });

  it('caps text at the schema limits with an ellipsis, never splitting a character', () => {
    expect(capText('abcdef', 4)).toBe('abc…');
    expect(capText('abc', 4)).toBe('abc');
    const emoji = `${'a'.repeat(298)}😀😀`;
    const capped = capText(emoji, 300);
    expect(capped.length).toBeLessThanOrEqual(300);
    expect(capped.endsWith('a…')).toBe(true);
  });

  it('html-to-text keeps link addresses and decodes entities; plain text is left alone', () => {
    expect(plainText('<p>Inscription : <a href="https://example.org/x">ici</a></p>')).toBe(
      'Inscription : ici [https://example.org/x]',
    );
    expect(plainText('  a < b, and 3 > 2  ')).toBe('a < b, and 3 > 2');
    expect(plainText('caf&eacute; &#233;t&#xE9;')).toBe('café été');
  });
});
