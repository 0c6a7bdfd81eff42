import { createServer, type Server } from 'node:net';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import type { Logger } from '../log/logger.ts';
import { CONTROL_SOCKET, controlRequest, type ControlReply } from './control-protocol.ts';

/** Runs one command in the worker's process, writing to the given streams; resolves to its exit code. */
export type CommandRunner = (argv: string[], io: { stdout: Writable; stderr: Writable; cwd: string }) => Promise<number>;

/** The worker's control socket, serving commands while it owns the embedded database. */
export interface ControlServer {
  readonly socketPath: string;
  close(): Promise<void>;
}

/**
 * Listens on DATA_DIR/guichet.sock. Every connection carries one command; it runs in this
 * process, against this process's database handle, so the embedded database keeps a single owner.
 * The socket is a file in the operator's data directory: only local users who can write there
 * reach it.
 */
export async function startControlServer(dataDir: string, run: CommandRunner, logger: Logger): Promise<ControlServer> {
  const socketPath = path.join(dataDir, CONTROL_SOCKET);
  await unlink(socketPath).catch(() => {}); // a socket file left by a process that died
  const server: Server = createServer((socket) => {
    const send = (reply: ControlReply) => {
      if (socket.writable) socket.write(`${JSON.stringify(reply)}\n`);
    };
    const lines = createInterface({ input: socket });
    lines.once('line', (line) => {
      lines.close();
      void (async () => {
        let code: number;
        try {
          const request = controlRequest.parse(JSON.parse(line));
          const stream = (name: 'stdout' | 'stderr') =>
            new Writable({
              write(chunk: Buffer | string, _encoding, done) {
                send({ stream: name, data: chunk.toString() });
                done();
              },
            });
          code = await run(request.argv, { stdout: stream('stdout'), stderr: stream('stderr'), cwd: request.cwd });
        } catch (error) {
          send({ stream: 'stderr', data: `guichet: ${error instanceof Error ? error.message : String(error)}\n` });
          code = 1;
        }
        send({ exit: code });
        socket.end();
      })();
    });
    socket.on('error', (error) => logger.debug({ err: error.message }, 'control connection error'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  return {
    socketPath,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await unlink(socketPath).catch(() => {});
    },
  };
}
