import type { Attachment } from './mime-parts.ts';
import type { Random } from './random.ts';
import type { Language } from './types.ts';

/** Screenshots and scanned statements customers attach (placeholder bytes behind a real file signature). */

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function makeAttachment(random: Random, language: Language, at: Date): Attachment {
  const stamp = at.toISOString().slice(0, 19);
  const day = stamp.slice(0, 10);
  const time = stamp.slice(11).replace(/:/g, '.');
  if (random.chance(0.25)) {
    return {
      filename: random.pick(language === 'fr' ? ['releve-bancaire.pdf', 'Relevé de compte.pdf', 'justificatif.pdf'] : ['bank-statement.pdf', 'statement.pdf']),
      contentType: 'application/pdf',
      content: Buffer.concat([Buffer.from('%PDF-1.4\n', 'ascii'), random.bytes(random.int(3000, 12000)), Buffer.from('\n%%EOF\n', 'ascii')]),
    };
  }
  return {
    filename: random.pick([
      language === 'fr' ? `Capture d’écran ${day} à ${time}.png` : `Screenshot ${day} at ${time}.png`,
      `IMG_${random.int(1000, 9999)}.PNG`,
      `Screenshot_${day.replace(/-/g, '')}-${time.replace(/\./g, '')}.png`,
      'capture.png',
    ]),
    contentType: 'image/png',
    content: Buffer.concat([PNG_SIGNATURE, random.bytes(random.int(2000, 9000))]),
  };
}
