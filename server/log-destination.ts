// Where the server's log lines go (LOG_FORMAT). By default (file) the JSON lines go to a file in
// the data folder and the console stays readable: the start-up steps, then warnings and errors
// as one plain line each. With json, the JSON lines go to standard output for systemd's journal.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AppConfig } from './config.ts';

/** A pino destination: pino calls write() with one JSON line. */
export interface LogStream {
  write: (line: string) => void;
}

const WARN_LEVEL = 40;
const LEVEL_NAMES: Record<number, string> = { 40: 'warning', 50: 'error', 60: 'fatal' };

/**
 * The plain console line for a warning or worse: its message, and an error's message after it.
 * Everything else in the record (request ids, details) stays in the file.
 */
export function consoleLine(record: { level?: unknown; msg?: unknown; err?: unknown }): string | null {
  const level = typeof record.level === 'number' ? record.level : 0;
  if (level < WARN_LEVEL) return null;
  const name = LEVEL_NAMES[level >= 60 ? 60 : level >= 50 ? 50 : 40];
  const err = record.err && typeof record.err === 'object' && 'message' in record.err ? String((record.err as { message: unknown }).message) : '';
  const message = typeof record.msg === 'string' ? record.msg : '';
  return `${name}: ${[message, err].filter(Boolean).join(': ')}`;
}

/**
 * The file destination: appends each line with one write (a crash loses nothing already logged),
 * and echoes warnings and errors to standard error as plain lines. The file is opened on the first
 * line, so a server that logs nothing at its level leaves no file.
 */
export function fileLogStream(file: string, echo: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): LogStream & { close: () => void } {
  let fd: number | null = null;
  return {
    write(line: string) {
      if (fd === null) {
        mkdirSync(dirname(file), { recursive: true, mode: 0o750 });
        fd = openSync(file, 'a', 0o640);
      }
      writeSync(fd, line);
      try {
        const shown = consoleLine(JSON.parse(line) as Record<string, unknown>);
        if (shown) echo(shown);
      } catch {
        // not JSON: the file has it
      }
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}

/** The logger options for buildApp: a stream for LOG_FORMAT=file, nothing (standard output) for json. */
export function logDestination(config: Pick<AppConfig, 'logFormat' | 'logFile'>): { stream: LogStream } | Record<string, never> {
  return config.logFormat === 'file' ? { stream: fileStreamFor(config.logFile) } : {};
}

let sharedFileStream: { file: string; stream: LogStream } | null = null;

/** One file stream per log file in this process, shared by the server's logger and rebuild output. */
function fileStreamFor(file: string): LogStream {
  if (sharedFileStream?.file !== file) sharedFileStream = { file, stream: fileLogStream(file) };
  return sharedFileStream.stream;
}

/**
 * Where a rebuild child's output goes (server/rebuild-child.ts): with LOG_FORMAT=file, into the
 * log file as JSON lines (standard error as warnings, which the console shows too); with json,
 * undefined: straight through to this process's output, as before.
 */
export function rebuildOutput(config: Pick<AppConfig, 'logFormat' | 'logFile'>): ((text: string, stream: 'stdout' | 'stderr') => void) | undefined {
  if (config.logFormat !== 'file') return undefined;
  const destination = fileStreamFor(config.logFile);
  return (text, stream) => {
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      destination.write(`${JSON.stringify({ level: stream === 'stderr' ? WARN_LEVEL : 30, time: Date.now(), pid: process.pid, component: 'rebuild', msg: line })}\n`);
    }
  };
}
