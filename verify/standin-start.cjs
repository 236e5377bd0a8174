// @ts-check
'use strict';
// Starts a stand-in provider that outlives this process, for Terraform to reattach to
// (TF_REATTACH_PROVIDERS), and prints "<pid>|<handshake line>" once the stand-in has printed
// its handshake. verify/terraform.ts runs this synchronously: it returns as soon as the
// stand-in listens, and the stand-in holds none of this process's output open.
//
// node standin-start.cjs <log file> <command> [args...]: the stand-in's errors go to the log.
const { spawn } = require('node:child_process');
const { openSync } = require('node:fs');

const [log, command, ...args] = process.argv.slice(2);
if (!log || !command) {
  process.stderr.write('usage: standin-start.cjs <log file> <command> [args...]\n');
  process.exit(2);
}
const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', openSync(log, 'a')] });
let printed = '';
child.stdout?.on('data', (chunk) => {
  printed += String(chunk);
  const end = printed.indexOf('\n');
  if (end === -1) return;
  process.stdout.write(`${child.pid}|${printed.slice(0, end)}\n`);
  child.stdout?.destroy();
  child.unref();
  process.exit(0);
});
child.on('error', (error) => {
  process.stderr.write(`the stand-in could not be started: ${error.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  process.stderr.write(`the stand-in ended (${signal ?? `exit ${code}`}) before its handshake; see ${log}\n`);
  process.exit(1);
});
