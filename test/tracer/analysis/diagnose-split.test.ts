// Where a split puts a request that was still running when it came: in neither window.
import test from "ava";
import { endedBy } from "../../../tracer/analysis/diagnose/index.ts";

test("before a split are the requests over by then; one still running at the split is left out", (t) => {
  const requests = [
    { id: "over", start: 0, duration: 40 },
    { id: "ends at the split", start: 10, duration: 40 },
    { id: "straddles", start: 45, duration: 10 },
    { id: "after", start: 50, duration: 5 },
  ];
  t.deepEqual(
    endedBy(requests, 50).map((r) => r.id),
    ["over", "ends at the split"],
  );
});
