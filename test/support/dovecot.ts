/**
 * A real Dovecot for integration tests: private instances on free loopback ports, plus small
 * imapflow helpers to arrange mailbox contents.
 *
 * Every instance lives in a fresh `<repo>/.tmp/dovecot-<name>-<random>/` directory holding its
 * generated config, sockets (`run/`), state, log (`dovecot.log`) and mail (`home/<user>/Maildir`).
 * Any user name logs in with the password `secret`; users are isolated by their home directory.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ImapFlow } from 'imapflow';

/** The password every user of a test Dovecot logs in with. */
export const DOVECOT_PASSWORD = 'secret';

const DOVECOT_BIN = '/usr/sbin/dovecot';
/** Unprivileged owner of the mail files when running as root (Dovecot refuses uid 0 for mail). */
const MAIL_USER = 'guichet-mail';
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOST = '127.0.0.1';

/** Where an instance listens; all the mailbox helpers need (the shared instance is only this). */
export interface DovecotEndpoint {
  host: string;
  imapPort: number;
  lmtpPort: number;
  /** The instance directory (config, log, mail). */
  dir: string;
}

/** A running private Dovecot started by {@link startDovecot}. */
export interface DovecotServer extends DovecotEndpoint {
  host: typeof HOST;
  /** `imap://user:secret@127.0.0.1:port[/mailbox]` */
  imapUrl(user: string, mailbox?: string): string;
  /** Stops every process of the instance and waits until both ports refuse connections. Keeps the data. */
  stop(): Promise<void>;
  /** Stops, then starts again on the same ports with the same mail data. */
  restart(): Promise<void>;
  /** Last `lines` lines of the Dovecot log (plus anything the master printed to stderr). */
  logTail(lines?: number): Promise<string>;
  /** Stops the instance and deletes its directory. */
  dispose(): Promise<void>;
}

/** A fresh user name, so each test file gets its own isolated mailboxes on a shared instance. */
export function uniqueUser(prefix = 'user'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** IMAP URL for a user, as the application's config expects it. */
export function imapUrl(server: Pick<DovecotEndpoint, 'host' | 'imapPort'>, user: string, mailbox?: string): string {
  const base = `imap://${encodeURIComponent(user)}:${DOVECOT_PASSWORD}@${server.host}:${server.imapPort}`;
  return mailbox === undefined ? base : `${base}/${encodeURIComponent(mailbox)}`;
}

/** Reads the last lines of an instance's log; also works for the shared instance (same machine). */
export async function readLogTail(dir: string, lines = 50): Promise<string> {
  const read = (file: string) => readFile(path.join(dir, file), 'utf8').catch(() => '');
  const log = (await read('dovecot.log')).trimEnd().split('\n').slice(-lines).join('\n');
  const master = (await read('master.out')).trim(); // config errors land here, not in the log
  return master ? `${log}\n--- master stderr ---\n${master}` : log;
}

/**
 * Starts a private Dovecot listening only on 127.0.0.1 (IMAP without TLS, LMTP over TCP).
 * Needs the binaries (`scripts/ensure-dovecot.sh`); as root it also creates the `guichet-mail`
 * system user, otherwise it runs "rootless" as the current user.
 */
export async function startDovecot(options: { name?: string } = {}): Promise<DovecotServer> {
  if (!existsSync(DOVECOT_BIN)) throw new Error(`${DOVECOT_BIN} not found: run scripts/ensure-dovecot.sh`);
  const mail = mailAccount();
  const tmpRoot = path.join(REPO_ROOT, '.tmp');
  await mkdir(tmpRoot, { recursive: true });
  if (mail.uid !== process.getuid?.()) assertTraversable(tmpRoot);
  const dir = await mkdtemp(path.join(tmpRoot, `dovecot-${options.name ?? 'test'}-`));
  // Unix socket paths are limited to ~107 bytes; Dovecot's longest one under base_dir adds ~25.
  if (path.join(dir, 'run').length > 80) throw new Error(`${dir} is too deep for Dovecot's unix sockets`);
  // mkdtemp makes the directory 0700; the mail user must be able to walk down to its home.
  await chmod(dir, 0o755);
  await mkdir(path.join(dir, 'state'));
  await mkdir(path.join(dir, 'home'));
  await chown(path.join(dir, 'home'), mail.uid, mail.gid);

  // Ports are picked by binding port 0; another process could grab one before Dovecot binds
  // it, so retry with fresh ports when that happens.
  for (let attempt = 1; ; attempt++) {
    const [imapPort, lmtpPort] = await freePorts(2);
    const instance = new DovecotInstance(dir, imapPort!, lmtpPort!);
    await writeFile(instance.confPath, dovecotConfig({ dir, name: path.basename(dir), imapPort: imapPort!, lmtpPort: lmtpPort!, mail }));
    try {
      await instance.start();
      return instance;
    } catch (error) {
      if (attempt < 3 && (error as Error).message.includes('Address already in use')) continue;
      throw error;
    }
  }
}

interface MailAccount {
  uid: number;
  gid: number;
  user: string;
  group: string;
}

/** Who owns the mail files: `guichet-mail` (created if missing) as root, else ourselves. */
function mailAccount(): MailAccount {
  const id = (...args: string[]) => execFileSync('id', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  if (process.getuid?.() !== 0) {
    return { uid: Number(id('-u')), gid: Number(id('-g')), user: id('-un'), group: id('-gn') };
  }
  try {
    id('-u', MAIL_USER);
  } catch {
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', MAIL_USER], { stdio: 'pipe' });
    } catch (error) {
      // Another test process may have created it at the same moment; only fail if it's still missing.
      try { id('-u', MAIL_USER); } catch { throw new Error(`cannot create system user ${MAIL_USER}`, { cause: error }); }
    }
  }
  return { uid: Number(id('-u', MAIL_USER)), gid: Number(id('-g', MAIL_USER)), user: MAIL_USER, group: id('-gn', MAIL_USER) };
}

/** Fails early (instead of with obscure "Permission denied" in the log) if the mail user can't reach `dir`. */
function assertTraversable(dir: string): void {
  for (let current = dir; ; current = path.dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) {
      throw new Error(`${current} is not world-searchable, so Dovecot's mail user ${MAIL_USER} cannot reach ${dir}; run the tests from a checkout under an accessible path`);
    }
    if (current === path.dirname(current)) return;
  }
}

/** Finds `count` distinct free loopback ports by binding port 0 (all at once, so they differ). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => resolve(server));
  })));
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

function dovecotConfig(o: { dir: string; name: string; imapPort: number; lmtpPort: number; mail: MailAccount }): string {
  const rootless = process.getuid?.() !== 0;
  return `# Generated by test/support/dovecot.ts for one private test instance.
instance_name = guichet-${o.name}
base_dir = ${o.dir}/run
state_dir = ${o.dir}/state
log_path = ${o.dir}/dovecot.log
log_timestamp = "%Y-%m-%d %H:%M:%S "
auth_verbose = yes
protocols = imap lmtp
listen = ${HOST}
login_greeting = Guichet test Dovecot ready.

# Plain IMAP on loopback: no TLS, plaintext LOGIN/AUTH PLAIN allowed.
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests that try a wrong password must not slow down everyone else on the shared instance:
# no 2 s failure delay, no growing per-IP penalty.
auth_failure_delay = 0
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }${rootless ? '\n  chroot =' : ''}
}

# Any user, password "secret". Home is keyed on the local part (%n) so LMTP to user@localhost
# and IMAP login "user" share one mailbox; allow_all_users lets LMTP skip the passdb check.
passdb {
  driver = static
  args = password=${DOVECOT_PASSWORD}
}
userdb {
  driver = static
  args = uid=${o.mail.uid} gid=${o.mail.gid} home=${o.dir}/home/%Ln allow_all_users=yes
}
first_valid_uid = ${o.mail.uid}
first_valid_gid = ${o.mail.gid}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
}
${rootless ? `# Not root: every Dovecot process runs as us (no dovecot/dovenull users, no chroot).
default_internal_user = ${o.mail.user}\ndefault_internal_group = ${o.mail.group}\ndefault_login_user = ${o.mail.user}\n` : ''}
# IDLE: with inotify Dovecot pushes a change after a fixed ~0.5 s coalescing delay; where inotify
# is unavailable it polls every mailbox_idle_check_interval (default 30 s), so keep that at 1 s.
# (imap_idle_notify_interval is only the "OK Still here" keepalive, not change notification.)
mailbox_idle_check_interval = 1 secs

# Large messages and long UID sets: the command line limit (default 64k) and the per-process
# memory limit (default 256M) must comfortably exceed a 30 MB APPEND/FETCH.
imap_max_line_length = 10M
default_vsz_limit = 1G
# Tests open many connections per user from the same IP (default 10).
mail_max_userip_connections = 1000
# Throwaway data: skip fsync to keep bulk APPENDs fast.
mail_fsync = never

service imap-login {
  inet_listener imap {
    address = ${HOST}
    port = ${o.imapPort}
  }
  inet_listener imaps {
    port = 0
  }${rootless ? '\n  chroot =' : ''}
}
service lmtp {
  inet_listener lmtp {
    address = ${HOST}
    port = ${o.lmtpPort}
  }
}
${rootless ? 'service imap-urlauth-login {\n  chroot =\n}\n' : ''}`;
}

/**
 * Runs `dovecot -F` (foreground) under a tiny shell watchdog. A background reader blocks on the
 * watchdog's stdin, a pipe from this process: when we close it (stop()) or this process dies in
 * any way, even SIGKILL, `read` sees EOF and TERMs the master, so no daemon outlives the test
 * run. The watchdog itself exits with the master, so a master that dies at startup is noticed.
 * (Background jobs get /dev/null as stdin, hence the pipe is passed along as fd 3.)
 */
const WATCHDOG = `exec 3<&0 </dev/null
"$1" -F -c "$2" 3<&- &
master=$!
{ read -r _ <&3; kill -TERM "$master" 2>/dev/null; } &
exec 3<&-
wait "$master"`;

/** Process groups of running instances, killed on exit as a second line of defence. */
const running = new Set<number>();
process.once('exit', () => {
  for (const pgid of running) killGroup(pgid, 'SIGTERM');
});

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: nothing left in the group
  }
}

/**
 * Whether any process of the group is still running. Zombies don't count: children the master
 * leaves behind (its log process exits last) are reparented to PID 1, and a container's PID 1
 * may take its time to reap them, while `kill(-pgid, 0)` would keep reporting them as alive.
 */
function groupAlive(pgid: number): boolean {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    try { process.kill(-pgid, 0); return true; } catch { return false; } // no /proc: best effort
  }
  return pids.some((pid) => {
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may contain spaces, so split after ')'.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(pgrp) === pgid && state !== 'Z';
    } catch {
      return false; // exited meanwhile
    }
  });
}

class DovecotInstance implements DovecotServer {
  readonly host = HOST;
  readonly dir: string;
  readonly imapPort: number;
  readonly lmtpPort: number;
  readonly confPath: string;
  #child: ChildProcess | undefined;
  #exited: Promise<unknown> = Promise.resolve();

  constructor(dir: string, imapPort: number, lmtpPort: number) {
    this.dir = dir;
    this.imapPort = imapPort;
    this.lmtpPort = lmtpPort;
    this.confPath = path.join(dir, 'dovecot.conf');
  }

  imapUrl(user: string, mailbox?: string): string {
    return imapUrl(this, user, mailbox);
  }

  logTail(lines?: number): Promise<string> {
    return readLogTail(this.dir, lines);
  }

  async start(): Promise<void> {
    if (this.#child) throw new Error('Dovecot instance already running');
    const out = openSync(path.join(this.dir, 'master.out'), 'a');
    // detached: the watchdog leads a new process group containing the master and all its
    // children, so stop() can kill the whole instance with one signal if it hangs.
    const child = spawn('/bin/sh', ['-c', WATCHDOG, 'dovecot-watchdog', DOVECOT_BIN, this.confPath], { detached: true, stdio: ['pipe', out, out] });
    closeSync(out);
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once('exit', resolve));
    child.once('error', () => undefined); // spawn failures surface as 'exit' below
    // Don't let an instance a test forgot to stop keep the test process alive; the watchdog
    // then sees EOF when the process exits.
    child.unref();
    (child.stdin as net.Socket).unref();
    if (child.pid !== undefined) running.add(child.pid);

    try {
      const deadline = Date.now() + 20_000;
      await waitForGreeting(this.imapPort, '* OK', deadline, child);
      await waitForGreeting(this.lmtpPort, '220 ', deadline, child);
    } catch (error) {
      await this.stop().catch(() => undefined);
      throw new Error(`Dovecot in ${this.dir} failed to start: ${(error as Error).message}\n${await this.logTail()}`, { cause: error });
    }
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    const pgid = child.pid;
    child.stdin?.end(); // the watchdog TERMs the master, which stops its children
    if (!(await within(this.#exited, 10_000)) && pgid !== undefined) {
      killGroup(pgid, 'SIGKILL');
      await within(this.#exited, 5_000);
    }
    if (pgid !== undefined) {
      // Children (log, auth, imap ...) may still be exiting after the master; make sure the
      // whole group is gone, by force if need be.
      if (!(await until(() => !groupAlive(pgid), 5_000))) killGroup(pgid, 'SIGKILL');
      running.delete(pgid);
    }
    this.#child = undefined;
    for (const port of [this.imapPort, this.lmtpPort]) {
      if (!(await until(async () => !(await isListening(port)), 5_000))) {
        throw new Error(`Dovecot stopped but port ${port} still accepts connections`);
      }
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async dispose(): Promise<void> {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Resolves true if `promise` settles within `ms`, false otherwise. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), ms); });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `check` every 50 ms until it returns true (→ true) or `ms` elapse (→ false). */
async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, HOST);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** Connects until the server sends a greeting starting with `prefix` (i.e. it's really serving). */
async function waitForGreeting(port: number, prefix: string, deadline: number, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('Dovecot master exited during startup');
    const greeting = await new Promise<string>((resolve) => {
      const socket = net.connect(port, HOST);
      socket.setTimeout(2_000, () => { socket.destroy(); resolve(''); });
      socket.once('data', (data) => { socket.destroy(); resolve(data.toString('latin1')); });
      socket.once('error', () => resolve(''));
    });
    if (greeting.startsWith(prefix)) return;
    if (Date.now() > deadline) throw new Error(`no "${prefix}" greeting on port ${port} (got ${JSON.stringify(greeting)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// ---------------------------------------------------------------------------------------------
// Mailbox helpers: each opens one connection as `user`, does its job and logs out.

type ImapEndpoint = Pick<DovecotEndpoint, 'host' | 'imapPort'>;

/** A connected (not yet logged out) imapflow client for `user`; the caller must `logout()`. */
export async function connectImap(server: ImapEndpoint, user: string): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: server.host,
    port: server.imapPort,
    secure: false,
    auth: { user, pass: DOVECOT_PASSWORD },
    logger: false,
  });
  await client.connect();
  return client;
}

/** Runs `fn` with a fresh connection for `user`, always closing it afterwards. */
export async function withImap<T>(server: ImapEndpoint, user: string, fn: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = await connectImap(server, user);
  try {
    return await fn(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/**
 * Appends `raws` in order over ONE connection (fast enough for thousands of messages) and
 * returns the UIDs from APPENDUID. Creates the mailbox if missing. `internalDate[i]` applies to
 * `raws[i]`; `flags` to every message.
 */
export async function appendMessages(
  server: ImapEndpoint, user: string, mailbox: string, raws: Buffer[],
  options: { internalDate?: Date[]; flags?: string[] } = {},
): Promise<number[]> {
  return withImap(server, user, async (client) => {
    if (mailbox.toUpperCase() !== 'INBOX') await client.mailboxCreate(mailbox); // no-op if it exists
    const uids: number[] = [];
    for (const [i, raw] of raws.entries()) {
      const result = await client.append(mailbox, raw, options.flags ?? [], options.internalDate?.[i]);
      if (!result || result.uid === undefined) throw new Error(`APPEND to ${mailbox} returned no APPENDUID`);
      uids.push(result.uid);
    }
    return uids;
  });
}

/** Creates a mailbox (no error if it already exists). */
export async function createMailbox(server: ImapEndpoint, user: string, name: string): Promise<void> {
  await withImap(server, user, (client) => client.mailboxCreate(name));
}

/** Deletes a mailbox and its messages. */
export async function deleteMailbox(server: ImapEndpoint, user: string, name: string): Promise<void> {
  await withImap(server, user, (client) => client.mailboxDelete(name));
}

/** All UIDs in a mailbox, ascending. */
export async function listUids(server: ImapEndpoint, user: string, mailbox: string): Promise<number[]> {
  return withImap(server, user, async (client) => {
    await client.mailboxOpen(mailbox, { readOnly: true });
    const uids = await client.search({ all: true }, { uid: true });
    return (uids || []).sort((a, b) => a - b);
  });
}

/** UIDVALIDITY, UIDNEXT and message count from STATUS. */
export async function mailboxStatus(server: ImapEndpoint, user: string, mailbox: string): Promise<{ uidValidity: bigint; uidNext: number; messages: number }> {
  return withImap(server, user, async (client) => {
    const status = await client.status(mailbox, { uidValidity: true, uidNext: true, messages: true });
    if (!status || status.uidValidity === undefined || status.uidNext === undefined || status.messages === undefined) {
      throw new Error(`incomplete STATUS for ${mailbox}: ${JSON.stringify(status, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`);
    }
    return { uidValidity: status.uidValidity, uidNext: status.uidNext, messages: status.messages };
  });
}

/** Stored flags of every message (sorted, without \Recent), keyed by UID. */
export async function fetchFlags(server: ImapEndpoint, user: string, mailbox: string): Promise<Map<number, string[]>> {
  return withImap(server, user, async (client) => {
    const opened = await client.mailboxOpen(mailbox, { readOnly: true });
    const flags = new Map<number, string[]>();
    if (opened.exists === 0) return flags; // FETCH 1:* on an empty mailbox is an error
    for await (const message of client.fetch('1:*', { uid: true, flags: true })) {
      // \Recent is per-session (only the first session to see a message gets it), so leave it
      // out to keep results deterministic.
      flags.set(message.uid, [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort());
    }
    return flags;
  });
}
