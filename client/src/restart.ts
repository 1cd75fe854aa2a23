// When the server process dies: restart it, but not more than `limit` times within `windowMs`.
// A server that keeps dying gets one clear message instead of a restart loop. No vscode import,
// so the policy is tested on its own.

export const RESTART_LIMIT_MESSAGE =
  'PolicyLint: the server stopped 5 times in 3 minutes and will not be restarted. See "PolicyLint: Show output", then run "PolicyLint: Restart server".';

export interface RestartDecision {
  restart: boolean;
  /** Shown to the user when the server is given up on. */
  message?: string;
}

export function restartDecider(limit = 4, windowMs = 180_000, now: () => number = Date.now): () => RestartDecision {
  const recent: number[] = [];
  return () => {
    const t = now();
    while (recent.length > 0 && t - recent[0] > windowMs) recent.shift();
    recent.push(t);
    if (recent.length > limit) return { restart: false, message: RESTART_LIMIT_MESSAGE };
    return { restart: true };
  };
}
