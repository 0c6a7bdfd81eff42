import { describe, expect, it } from 'vitest';
import { layoutHtmlBlocks, tidyText, toSingleLine } from '../../../src/templates/markup.ts';

describe('tidyText', () => {
  it('trims trailing spaces, keeps at most one blank line and ends with one newline', () => {
    expect(tidyText('\n\nA  \r\nB\n\n\n\nC\t\n\n')).toBe('A\nB\n\nC\n');
  });
});

describe('toSingleLine', () => {
  it('turns every line break and control character into one space', () => {
    expect(toSingleLine(' a\r\nb\rc\nd\u0085e\u2028f\u2029g\u0000h\u001bi\tj  k ')).toBe('a b c d e f g h i j k');
  });
});

describe('layoutHtmlBlocks', () => {
  it('makes paragraphs, line breaks and lists', () => {
    expect(layoutHtmlBlocks('Hello,\n\nLine 1\nLine 2\n\nYou can:\n- a\n- b\nThen.')).toBe(
      [
        '<p style="margin: 0 0 1em 0;">Hello,</p>',
        '<p style="margin: 0 0 1em 0;">Line 1<br>\nLine 2</p>',
        '<p style="margin: 0 0 1em 0;">You can:</p>',
        '<ul style="margin: 0 0 1em 0; padding-left: 1.5em;">\n<li>a</li>\n<li>b</li>\n</ul>',
        '<p style="margin: 0 0 1em 0;">Then.</p>',
      ].join('\n'),
    );
  });

  it('makes small print only after the last separator', () => {
    const html = layoutHtmlBlocks('A\n\n---\n\nB\n\n---\n\nC');
    expect(html.match(/<hr/g)).toHaveLength(2);
    expect(html).toContain('<p style="margin: 0 0 1em 0;">B</p>');
    expect(html).toMatch(/font-size: 12px[^>]*>C<\/p>/);
  });

  it('ignores blank lines made of spaces and empty input', () => {
    expect(layoutHtmlBlocks('A\n  \t\n\nB')).toBe('<p style="margin: 0 0 1em 0;">A</p>\n<p style="margin: 0 0 1em 0;">B</p>');
    expect(layoutHtmlBlocks('\n\n')).toBe('');
  });
});
