import { runCli } from './run-cli.ts';

// The `guichet` entry point: everything else is side-effect free at import.
const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }, process.env);
process.exitCode = code;
// Every resource is closed by now; a library timer left behind must not keep a finished command
// alive. The unref'd timer fires only if something else still holds the event loop open.
setTimeout(() => process.exit(code), 2000).unref();
