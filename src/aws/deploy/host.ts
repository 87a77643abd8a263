/**
 * The deploy commands talk to the user only through a DeployHost of typed messages; the CLI
 * decides where each kind goes (results to stdout, the rest to stderr) and whether a live view
 * or questions are possible.
 */

export type MessageKind = 'info' | 'warn' | 'error' | 'result' | 'progress';

export interface DeployMessage {
  kind: MessageKind;
  /** Complete lines end with "\n"; `progress` may be raw terminal control output. */
  text: string;
}

export interface DeployHost {
  notify(m: DeployMessage): void;
  /** Progress may be drawn as a live, redrawn view (a TTY, not CI). */
  readonly live: boolean;
  /** Questions can be asked (a TTY on both ends). */
  readonly interactive: boolean;
  /** Asks a yes/no question; anything but y/yes is no. */
  confirm(question: string): Promise<boolean>;
}

export function say(host: DeployHost, kind: MessageKind, line: string): void {
  host.notify({ kind, text: line.endsWith('\n') ? line : line + '\n' });
}

export interface HostIo {
  out: (s: string) => void;
  err: (s: string) => void;
  env: Record<string, string | undefined>;
  isTTY?: boolean;
  prompt?: (question: string) => Promise<string>;
}

/** The CLI's host over main.ts's Io. */
export function hostFromIo(io: HostIo): DeployHost {
  const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== 'false' && io.env.CI !== '0';
  const tty = io.isTTY === true;
  return {
    live: tty && !ci,
    interactive: tty && io.prompt !== undefined,
    notify: (m) => (m.kind === 'result' ? io.out(m.text) : io.err(m.text)),
    confirm: async (question) => {
      if (!io.prompt) return false;
      const a = (await io.prompt(question)).trim().toLowerCase();
      return a === 'y' || a === 'yes';
    },
  };
}
