import { describe, expect, it } from 'vitest';
import { problemWords, readBadRow } from './bad-rows';

describe('readBadRow', () => {
  it('reads the line and every problem of a row the hub lists', () => {
    expect(
      readBadRow(
        'line 4: displayName is empty; homeSpaceId: no space nowhere on this hub; active must be true or false',
      ),
    ).toEqual({
      line: 4,
      problems: [
        { key: 'members.import.problem.empty', values: { column: 'displayName' } },
        { key: 'members.import.problem.noSpace', values: { space: 'nowhere' } },
        { key: 'members.import.problem.active' },
      ],
    });
  });

  it('names the cards that clash, in the file or with a member the hub holds', () => {
    expect(
      problemWords('cardIds, card 2: the same card as line 3, card 1 (the same EM4100 id)'),
    ).toEqual({
      key: 'members.import.problem.sameCard',
      values: { card: '2', line: '3', other: '1' },
    });
    expect(
      problemWords(
        'cardIds, card 1: member m-9 already holds this card (the same id): a tap would be ambiguous',
      ),
    ).toEqual({ key: 'members.import.problem.cardHeld', values: { card: '1', member: 'm-9' } });
    expect(problemWords('cardIds, card 3: not a card number')).toEqual({
      key: 'members.import.problem.cardUnreadable',
      values: { card: '3' },
    });
    expect(problemWords('id: the id of line 2 again')).toEqual({
      key: 'members.import.problem.sameId',
      values: { line: '2' },
    });
  });

  it('keeps a problem it does not know, with its column or as the hub wrote it', () => {
    expect(problemWords('preferredLang: Invalid option')).toEqual({
      key: 'members.import.problem.invalid',
      values: { column: 'preferredLang' },
    });
    expect(readBadRow('something new')).toEqual({
      line: null,
      problems: [{ key: 'members.import.problem.other', values: { text: 'something new' } }],
    });
  });
});
