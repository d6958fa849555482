import { describe, expect, it } from 'vitest';
import { cleanCaptionText, collapseWhitespace, decodeEntities, removeNonSpeech, splitSpeakerPrefix, stripMarkup, voiceSpeaker } from '../../src/corpus/clean.ts';

describe('stripMarkup', () => {
  it('removes HTML-like tags, WebVTT class/timing tags and ASS overrides', () => {
    expect(stripMarkup('<b>bold</b> <i>it</i> <font color="#ff0000">red</font>')).toBe('bold it red');
    expect(stripMarkup('so<00:00:01.520><c> today</c><c.colorE5E5E5> we</c>')).toBe('so today we');
    expect(stripMarkup('{\\an8}top line')).toBe('top line');
  });
  it('keeps a lone less-than sign', () => {
    expect(stripMarkup('x < 3 and y > 2')).toBe('x < 3 and y > 2');
  });
});

describe('decodeEntities', () => {
  it('decodes named and numeric entities, nbsp as a plain space', () => {
    expect(decodeEntities('a &amp; b &lt;c&gt; &#39;d&#39; &#x41;&nbsp;e &eacute;')).toBe("a & b <c> 'd' A e é");
  });
});

describe('removeNonSpeech', () => {
  it('drops bracketed tags, sound descriptions and music lines', () => {
    expect(removeNonSpeech('[Music] hello [Applause]').trim()).toBe('hello');
    expect(removeNonSpeech('yes (laughter) (MUSIC PLAYING) ok').replace(/\s+/g, ' ')).toBe('yes ok');
    expect(removeNonSpeech('♪ never gonna give you up ♪').trim()).toBe('');
  });
  it('keeps ordinary parenthetical speech', () => {
    expect(removeNonSpeech('the answer (as we saw) is two')).toBe('the answer (as we saw) is two');
  });
});

describe('voiceSpeaker', () => {
  it('reads plain and classed voice tags', () => {
    expect(voiceSpeaker('<v Grad C>Yeah')).toBe('Grad C');
    expect(voiceSpeaker('<v.loud.first Mary Ann>hi</v>')).toBe('Mary Ann');
    expect(voiceSpeaker('no tag')).toBeUndefined();
  });
});

describe('cleanCaptionText', () => {
  it('does everything at once and never leaves markup', () => {
    expect(cleanCaptionText('<v Grant><i>So</i>   &amp;\n then [Music]')).toEqual({ text: 'So & then', speaker: 'Grant' });
  });
  it('decodes entities after stripping, so escaped markup stays as text', () => {
    expect(cleanCaptionText('&lt;b&gt; is a tag').text).toBe('<b> is a tag');
  });
  it('returns empty text for a pure non-speech cue', () => {
    expect(cleanCaptionText('[Applause]').text).toBe('');
  });
});

describe('splitSpeakerPrefix', () => {
  it('reads >> turns with and without a name', () => {
    expect(splitSpeakerPrefix('>> ALICE: hi')).toEqual({ text: 'hi', speaker: 'ALICE', turn: true });
    expect(splitSpeakerPrefix('>> Dr. Smith: hi')).toEqual({ text: 'hi', speaker: 'Dr. Smith', turn: true });
    expect(splitSpeakerPrefix('>> so anyway')).toEqual({ text: 'so anyway', turn: true });
  });
  it('reads all-caps and "Speaker N" labels', () => {
    expect(splitSpeakerPrefix('JOHN SMITH: yes')).toEqual({ text: 'yes', speaker: 'JOHN SMITH', turn: false });
    expect(splitSpeakerPrefix('Speaker 2: right')).toEqual({ text: 'right', speaker: 'Speaker 2', turn: false });
  });
  it('is conservative: ordinary sentences with colons are not labels', () => {
    expect(splitSpeakerPrefix('Note: this stays')).toEqual({ text: 'Note: this stays', turn: false });
    expect(splitSpeakerPrefix('The ratio is 3:2 here')).toEqual({ text: 'The ratio is 3:2 here', turn: false });
    expect(splitSpeakerPrefix('A: one letter is not a name')).toEqual({ text: 'A: one letter is not a name', turn: false });
  });
});

describe('collapseWhitespace', () => {
  // The shortcuts for already-collapsed text, one trailing separator and single line breaks must agree
  // with the general rule: runs of \s to one space, trimmed.
  it.each([
    '', ' ', 'a', 'a b', 'a b ', 'a\nb', 'a\nb ', 'a\nb\n', ' a', 'a  b', 'a \nb', 'a\n\nb', 'a\tb', 'a\u00a0b',
    'a\u2028b', 'a\u3000', 'x\u0085y', '\n', 'one two\nthree four ', 'a\rb', 'a\u000bb',
  ])('%j', (text) => expect(collapseWhitespace(text)).toBe(text.replace(/\s+/g, ' ').trim()));
});
