import { connect } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { CONTROL_SOCKET, controlReply, type ControlRequest } from './control-protocol.ts';

/**
 * Sends one command to the worker that owns the embedded database and relays its output.
 * @returns the command's exit code.
 */
export async function runThroughWorker(
  dataDir: string,
  request: ControlRequest,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  const socket = connect(path.join(dataDir, CONTROL_SOCKET));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(`${JSON.stringify(request)}\n`);
  let exit: number | null = null;
  for await (const line of createInterface({ input: socket })) {
    const reply = controlReply.parse(JSON.parse(line));
    if ('exit' in reply) exit = reply.exit;
    else (reply.stream === 'stdout' ? io.stdout : io.stderr).write(reply.data);
  }
  if (exit === null) throw new Error('the worker closed the connection before the command finished');
  return exit;
}
