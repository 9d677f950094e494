import { describe, expect, it } from "vitest";
import { editDistance } from "../../src/engine/edit-distance.js";

describe("editDistance", () => {
  it("counts an insertion, a deletion and a substitution as one edit each", () => {
    expect([editDistance("scalabilty", "scalability", 2), editDistance("djangoo", "django", 2), editDistance("djanga", "django", 2)]).toEqual([1, 1, 1]);
  });

  it("counts swapped neighbours as one edit", () => {
    expect(editDistance("djnago", "django", 2)).toBe(1);
  });

  it("gives 0 for the same word", () => {
    expect(editDistance("django", "django", 1)).toBe(0);
  });

  it("gives up past the limit with limit + 1", () => {
    expect(editDistance("kubernetes", "django", 2)).toBe(3);
  });
});
