// Talking to the server. People sign in (/signin) into a session cookie, and
// every state-changing call carries the session's anti-forgery token (read
// from the `bf_csrf` cookie) in `X-CSRF-Token`. A device — a desk terminal,
// a wall screen — is bound instead by its token, given once in the URL
// fragment (never sent to the server), kept in localStorage and sent as a
// bearer token.
import type { Alert, CheckpointInfo, DaySeries, DeskView, Instruction, InstructionList, LaneRow, NewInstruction, OfficerView, SessionInfo, Snapshot, SnapshotDelta, StatsRow, TwinAnswer } from "./api-types";
import type { PushedPlan } from "./shape";

let device: string | null = null;
// The checkpoint this page is about, on a server carrying several (null: the server's only one).
let checkpoint: string | null = null;
export function setCheckpoint(id: string | null): void {
  checkpoint = id;
}
/** `q` with the page's checkpoint added. */
const withCheckpoint = (q: Record<string, string> = {}) => new URLSearchParams(checkpoint ? { ...q, checkpoint } : q);

/** Binds this page to the device token it was given (desk terminals only), if any. */
export function bindDevice(): string | null {
  const m = location.hash.match(/token=([\w-]+)/);
  if (m) {
    localStorage.setItem("borderflow.token", m[1]);
    history.replaceState(null, "", location.pathname);
  }
  device = localStorage.getItem("borderflow.token");
  return device;
}

function cookie(name: string): string | null {
  const m = document.cookie.split(";").map((c) => c.trim()).find((c) => c.startsWith(`${name}=`));
  return m ? decodeURIComponent(m.slice(name.length + 1)) : null;
}

function authHeaders(method: string): Record<string, string> {
  if (device) return { authorization: `Bearer ${device}` };
  const csrf = cookie("bf_csrf");
  return method === "GET" || !csrf ? {} : { "x-csrf-token": csrf };
}

/** Sends a person to sign in, coming back to this page afterwards. */
export function toSignIn(): void {
  location.assign(`/signin?next=${encodeURIComponent(location.pathname)}`);
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers = authHeaders(method);
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401 && !device) toSignIn();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

/** Who is signed in (or which token this browser holds). */
export type Me = SessionInfo;
/** Who is signed in, or `null` (after sending a person to sign in). */
export async function whoami(): Promise<Me | null> {
  const res = await fetch("/api/v1/session", { headers: authHeaders("GET") });
  if (res.status === 401) {
    if (!device) toSignIn();
    return null;
  }
  if (!res.ok) throw new Error(`GET /api/v1/session: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Me>;
}
/** Signs out, then shows the sign-in page. */
export async function signOut(): Promise<void> {
  await call<unknown>("DELETE", "/api/v1/session");
  location.assign("/signin");
}

/** Any call, for the admin page. */
export const adminCall = <T>(method: string, path: string, body?: unknown) => call<T>(method, path, body);

export const getLive = () => call<Snapshot>("GET", "/api/v1/live");
export const getHistory = (date: string) => call<DaySeries>("GET", `/api/v1/history?${withCheckpoint({ date })}`);
export const getCheckpoints = () => call<CheckpointInfo[]>("GET", "/api/v1/checkpoints");
export const getTwin = () => call<TwinAnswer[]>("GET", "/api/v1/twin");
/** Today's plan, or `null` when none was pushed. */
export async function getPlan(): Promise<PushedPlan | null> {
  const res = await fetch(`/api/v1/plan?${withCheckpoint()}`, { headers: authHeaders("GET") });
  if (res.status === 204) return null;
  if (!res.ok) throw new Error(`GET /api/v1/plan: ${res.status} ${await res.text()}`);
  return res.json() as Promise<PushedPlan>;
}
export const getStats = (q: Record<string, string>) => call<StatsRow[]>("GET", `/api/v1/stats?${withCheckpoint(q)}`);
export type { LaneRow } from "./api-types";
export const getLaneStats = (q: Record<string, string>) => call<LaneRow[]>("GET", `/api/v1/stats/lanes?${withCheckpoint(q)}`);
export const laneCommand = (lane: string, open: boolean) => call<unknown>("POST", `/api/v1/lanes/${encodeURIComponent(lane)}/${open ? "open" : "close"}?${withCheckpoint()}`);

export const getInstructions = () => call<InstructionList>("GET", "/api/v1/instructions");
export const sendInstruction = (n: NewInstruction) => call<Instruction>("POST", "/api/v1/instructions", checkpoint ? { ...n, checkpoint } : n);

export const getAlertDay = () => call<{ checkpoint: string; alerts: Alert[] }[]>("GET", "/api/v1/alerts");
export const ackAlert = (id: string, note?: string) => call<Alert>("POST", "/api/v1/alerts/ack", { id, note });
export const getOfficers = () => call<{ checkpoint: string; officers: OfficerView[] }[]>("GET", "/api/v1/officers");
export const getDesk = () => call<DeskView>("GET", "/api/v1/desk");
/** An officer signs in at this desk with their user account. */
export const deskSignIn = (name: string, password: string) => call<unknown>("POST", "/api/v1/desk/officer", { name, password });
export const answerInstruction = (id: string, step: "delivered" | "ack" | "decline", reason?: string) =>
  call<Instruction>("POST", `/api/v1/instructions/${encodeURIComponent(id)}/${step}`, reason === undefined ? undefined : { reason });
export const postEvents = (events: unknown[]) =>
  call<{ stored: number; rejected: { index: number; field: string; reason: string }[] }>("POST", "/api/v1/events", events);

/** Follows the live stream; EventSource reconnects by itself after a drop. */
export function follow(
  onSnapshot: (s: Snapshot) => void,
  onDelta: (d: SnapshotDelta) => void,
  onAlert: (a: unknown) => void,
  onTwin: (t: TwinAnswer[]) => void,
  onInstruction: (i: Instruction) => void,
  onState: (connected: boolean) => void,
): EventSource {
  // EventSource cannot send headers: the stream is for signed-in people (the cookie goes by itself).
  const es = new EventSource("/api/v1/live/stream");
  es.addEventListener("snapshot", (e) => onSnapshot(JSON.parse((e as MessageEvent).data)));
  es.addEventListener("delta", (e) => onDelta(JSON.parse((e as MessageEvent).data)));
  es.addEventListener("alert", (e) => onAlert(JSON.parse((e as MessageEvent).data)));
  es.addEventListener("twin", (e) => onTwin(JSON.parse((e as MessageEvent).data)));
  es.addEventListener("instruction", (e) => onInstruction(JSON.parse((e as MessageEvent).data)));
  es.onopen = () => onState(true);
  es.onerror = () => onState(false);
  return es;
}
