import { describe, expect, it } from "vitest";
import { uuidv7 } from "./ids";

describe("uuidv7", () => {
  it("is a version 7, variant 1 UUID carrying the millisecond", () => {
    const at = Date.UTC(2026, 6, 12, 2, 0, 0, 123);
    const id = uuidv7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(at);
  });

  it("sorts by time", () => {
    const ids = [3, 1, 2].map((k) => uuidv7(1_780_000_000_000 + k * 1000));
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0]]);
  });
});
