// Control-room modes, remembered per browser: a dark theme for a dim room,
// and a full-screen wallboard (no controls, large type) for the wall.
import { setChartTheme } from "./charts";

export interface Modes { dark: boolean; wall: boolean }

const KEY = "borderflow.modes";

export function savedModes(): Modes {
  try {
    const m = JSON.parse(localStorage.getItem(KEY) ?? "{}") as Partial<Modes>;
    return { dark: m.dark === true, wall: m.wall === true };
  } catch {
    return { dark: false, wall: false };
  }
}

/** Shows the page in `m` and remembers it; the caller redraws the charts. */
export function applyModes(m: Modes): void {
  localStorage.setItem(KEY, JSON.stringify(m));
  document.body.classList.toggle("dark", m.dark);
  document.body.classList.toggle("wall", m.wall);
  setChartTheme(m.dark);
  // Full screen needs a click (a browser refuses it at load): the wallboard's button asks for it.
  if (!m.wall && document.fullscreenElement) document.exitFullscreen().catch(() => {});
}

export function askFullScreen(): void {
  document.documentElement.requestFullscreen?.().catch(() => {});
}
