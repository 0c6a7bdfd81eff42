import { z } from 'zod';

/**
 * The local protocol by which a `guichet` command reaches the running worker when the worker owns
 * the embedded database: newline-delimited JSON over a Unix socket in DATA_DIR. The command's
 * arguments go in, its output and exit code come back.
 */
export const CONTROL_SOCKET = 'guichet.sock';

/** Sent once by the client. */
export const controlRequest = z.object({
  argv: z.array(z.string()),
  cwd: z.string(),
});
export type ControlRequest = z.infer<typeof controlRequest>;

/** Sent by the worker: output chunks, then exactly one exit. */
export const controlReply = z.union([
  z.object({ stream: z.enum(['stdout', 'stderr']), data: z.string() }),
  z.object({ exit: z.number().int() }),
]);
export type ControlReply = z.infer<typeof controlReply>;
