import { describe, expect, it } from "vitest";
import { arxivAbsUrl, arxivPdfUrl, parseArxivId } from "./arxiv-id";

describe("parseArxivId", () => {
  it.each([
    ["2312.00752", "2312.00752", null],
    ["2312.00752v2", "2312.00752", 2],
    ["0704.0001", "0704.0001", null],
    ["1412.9999", "1412.9999", null],
    ["hep-th/9901001", "hep-th/9901001", null],
    ["math.GT/0309136v1", "math.GT/0309136", 1],
    [" 2409.13648 ", "2409.13648", null],
  ])("accepts %s", (raw, id, version) => {
    expect(parseArxivId(raw)).toEqual({ id, version });
  });

  it.each([
    "",
    "2312.0075",
    "2312.007521",
    "1501.1234",
    "1412.12345",
    "2313.00752",
    "0703.0001",
    "2312.00752v0",
    "hep-th/0801001",
    "HEP-TH/9901001",
    "../etc/passwd",
    "2312.00752/vote",
    "<script>",
  ])("rejects %j", (raw) => {
    expect(parseArxivId(raw)).toBeNull();
  });

  it("builds arXiv links", () => {
    expect(arxivAbsUrl("hep-th/9901001")).toBe("https://arxiv.org/abs/hep-th/9901001");
    expect(arxivPdfUrl("2312.00752")).toBe("https://arxiv.org/pdf/2312.00752");
  });
});
