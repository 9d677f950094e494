import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { joinSorted, sortedStrings } from "../../src/index/sorted-strings.js";

describe("sortedStrings", () => {
  it("holds exactly the strings it was given", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1 }).filter((value) => !value.includes("\n"))), fc.array(fc.string()), (values, probes) => {
        const set = sortedStrings(joinSorted(values));
        const expected = new Set(values);
        return set.size === values.length && [...values, ...probes].every((probe) => set.has(probe) === expected.has(probe));
      }),
    );
  });

  it("is empty for an empty string", () => {
    expect([sortedStrings("").size, sortedStrings("").has("")]).toEqual([0, false]);
  });
});
