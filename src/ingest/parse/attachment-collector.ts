import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/**
 * Collects one decoded attachment stream into a Buffer while hashing it, so the store can keep
 * attachments by sha256 without a second pass over the bytes.
 *
 * Memory is the point: gathering chunks and concatenating them at the end holds the attachment
 * twice for a moment, and a 24 MB attachment would then cost 48 MB on top of the raw message.
 * When the MIME pre-scan knows an upper bound of the decoded size (see MimeStructure.sizeHints),
 * the buffer is allocated once at that size and the chunks are copied into it as they come.
 */

/** The bytes of a collected stream, their sha256 (hex) and their length. */
export interface CollectedContent {
  content: Buffer;
  sha256: string;
  size: number;
}

/** A preallocated buffer may end up this much larger than its content before it is trimmed by a copy. */
const MAX_SLACK_BYTES = 64 * 1024;

/**
 * Accumulates chunks into one Buffer, in place when the final size is bounded in advance. A
 * wrong bound (smaller than the content) only costs the copy the bound was meant to avoid.
 */
export class ContentSink {
  private readonly hash = createHash('sha256');
  private size = 0;
  private preallocated: Buffer | null;
  private chunks: Buffer[] = [];

  /** `sizeBound`: an upper bound of the total size, when known. */
  constructor(sizeBound?: number) {
    // allocUnsafeSlow: every byte that is handed out is written first, and the unused tail is
    // zeroed in finish(), so no old memory can leak through the returned buffer's ArrayBuffer.
    this.preallocated = sizeBound !== undefined && sizeBound > 0 ? Buffer.allocUnsafeSlow(sizeBound) : null;
  }

  write(chunk: Buffer): void {
    this.hash.update(chunk);
    const buffer = this.preallocated;
    if (buffer && this.size + chunk.length <= buffer.length) {
      chunk.copy(buffer, this.size);
    } else {
      if (buffer) {
        // The bound was wrong: fall back to chunks, starting with what was written so far.
        this.chunks.push(buffer.subarray(0, this.size));
        this.preallocated = null;
      }
      this.chunks.push(chunk);
    }
    this.size += chunk.length;
  }

  finish(): CollectedContent {
    const sha256 = this.hash.digest('hex');
    const buffer = this.preallocated;
    let content: Buffer;
    if (buffer) {
      buffer.fill(0, this.size);
      // A bound far above the content (junk characters in base64) would waste memory: copy then.
      content = buffer.length - this.size <= MAX_SLACK_BYTES ? buffer.subarray(0, this.size) : Buffer.from(buffer.subarray(0, this.size));
    } else {
      content = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
    }
    this.chunks = [];
    this.preallocated = null;
    return { content, sha256, size: this.size };
  }
}

/** Reads `stream` to its end into a ContentSink. */
export function collectStream(stream: Readable, sizeBound?: number): Promise<CollectedContent> {
  return new Promise((resolve, reject) => {
    const sink = new ContentSink(sizeBound);
    stream.on('data', (chunk: Buffer | string) => sink.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    stream.on('error', reject); // every error heard: a second unheard one would crash the process
    stream.once('end', () => resolve(sink.finish()));
  });
}
