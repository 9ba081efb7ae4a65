import { describe, expect, it } from "vitest";
import { feedLagS, lagText } from "./overview";
import type { CheckpointView } from "./shape";

const cp = (seen: (string | null)[]) => ({ lanes: seen.map((last_seen) => ({ last_seen })) }) as unknown as CheckpointView;

describe("the lag of a checkpoint's feed", () => {
  it("is the time since its newest lane event", () => {
    expect(feedLagS(cp(["2026-07-12T02:00:00Z", "2026-07-12T02:00:50Z", null]), "2026-07-12T02:01:00Z")).toBe(10);
  });

  it("is unknown before any event", () => {
    expect(feedLagS(cp([null, null]), "2026-07-12T02:01:00Z")).toBeNull();
    expect(lagText(null)).toBe("none yet");
  });

  it("is said in seconds, then minutes", () => {
    expect(lagText(42)).toBe("42 s ago");
    expect(lagText(600)).toBe("10 min ago");
  });
});
